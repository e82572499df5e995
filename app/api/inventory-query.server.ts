import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../../db/connection.server";
import { assets, tenants } from "../../db/schema";
import { ASSET_KINDS } from "../inventory/kinds";
import type { AssetFilters } from "../inventory/queries.server";
import type { AppLoadContext } from "@remix-run/node";
import { apiError, issueDetails, requireApiScope } from "./api.server";

export const ListQuery = z
  .object({
    kind: z.enum(ASSET_KINDS).optional(),
    tenant: z.string().max(100).optional(),
    site: z.string().max(200).optional(),
    country: z
      .string()
      .regex(/^[A-Z]{2}$/, "validation.countryCode")
      .optional(),
    q: z.string().max(200).optional(),
    changed_since: z.iso.datetime({ offset: true }).optional(),
    as_of: z.iso.datetime({ offset: true }).optional(),
    cursor: z.string().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
  })
  .strict();
export type ListQuery = z.infer<typeof ListQuery>;

export function parseQuery<T extends z.ZodType>(request: Request, schema: T): z.infer<T> {
  const parsed = schema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) throw apiError(request, 400, "invalid_query", "api.errors.invalidQuery", issueDetails(parsed.error, "(query)"));
  return parsed.data;
}

export const encodeCursor = (id: string) => Buffer.from(id).toString("base64url");
export function decodeCursor(request: Request, cursor: string | undefined): string | undefined {
  if (!cursor) return undefined;
  const id = Buffer.from(cursor, "base64url").toString("utf8");
  if (!z.uuid().safeParse(id).success) throw apiError(request, 400, "invalid_query", "api.errors.invalidCursor");
  return id;
}

/** Filters by tenant slug and site (id or external id) turned into ids; unknown ones answer 400 by name. */
export async function resolveFilters(request: Request, tx: Tx, organizationId: string, q: ListQuery): Promise<AssetFilters> {
  let tenantId: string | undefined;
  if (q.tenant) {
    const [tenant] = await tx
      .select({ id: tenants.id })
      .from(tenants)
      .where(and(eq(tenants.organizationId, organizationId), eq(tenants.slug, q.tenant)));
    if (!tenant) throw apiError(request, 400, "invalid_query", { key: "api.errors.noTenant", values: { tenant: q.tenant } });
    tenantId = tenant.id;
  }
  let siteId: string | undefined;
  if (q.site) {
    const byId = z.uuid().safeParse(q.site).success;
    const [site] = await tx
      .select({ id: assets.id })
      .from(assets)
      .where(
        and(
          eq(assets.organizationId, organizationId),
          eq(assets.kind, "site"),
          byId ? eq(assets.id, q.site) : eq(assets.externalId, q.site),
        ),
      );
    if (!site) throw apiError(request, 400, "invalid_query", { key: "api.errors.noSite", values: { name: q.site } });
    siteId = site.id;
  }
  return {
    kind: q.kind,
    tenantId,
    siteId,
    country: q.country,
    q: q.q,
    changedSince: q.changed_since ? new Date(q.changed_since) : undefined,
  };
}

const AssetQuery = z.object({ as_of: z.iso.datetime({ offset: true }).optional() }).strict();

/** What the single-asset endpoints share: the token, the asset id (404 unless a UUID) and `as_of`. */
export async function parseAssetRequest(request: Request, params: { assetId?: string }, context: AppLoadContext) {
  const principal = await requireApiScope(request, context, "inventory:read");
  const query = parseQuery(request, AssetQuery);
  const assetId = z.uuid().safeParse(params.assetId);
  if (!assetId.success) throw apiError(request, 404, "not_found", "api.notFound.asset");
  return { principal, assetId: assetId.data, asOf: query.as_of ? new Date(query.as_of) : undefined };
}
