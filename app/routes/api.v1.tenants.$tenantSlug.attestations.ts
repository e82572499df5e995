import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { withScope } from "../../db/connection.server";
import { tenants } from "../../db/schema";
import { apiError, issueDetails, requireApiScope } from "../api/api.server";
import { attestationJson } from "../api/attestations-api.server";
import { readJsonBody } from "../api/body.server";
import type { Tx } from "../../db/connection.server";
import { AttestationError, refusalMessage } from "../reports/attestation-data.server";
import { IssueAttestationBody } from "../reports/attestation-input";
import { issueAttestation, listAttestations } from "../reports/attestations.server";
import { issuer } from "../reports/issuer.server";

async function tenantBySlug(tx: Tx, organizationId: string, slug: string | undefined) {
  const [tenant] = await tx
    .select({ id: tenants.id })
    .from(tenants)
    .where(and(eq(tenants.organizationId, organizationId), eq(tenants.slug, slug ?? "")));
  return tenant ?? null;
}

/** POST /api/v1/tenants/{slug}/attestations — issues a signed attestation (scope reports:write). */
export async function action({ request, params, context }: ActionFunctionArgs) {
  if (request.method !== "POST") return apiError(request, 405, "method_not_allowed", "api.methods.issueAttestation");
  const principal = await requireApiScope(request, context, "reports:write");
  const parsed = IssueAttestationBody.safeParse(await readJsonBody(request, 4096));
  if (!parsed.success) {
    return apiError(request, 422, "invalid_attestation_request", "api.errors.fixIssueFields", issueDetails(parsed.error));
  }
  const organizationId = principal.organizationId;
  const { kek, publicUrl } = issuer(request);
  try {
    const issued = await withScope(context.db, { organizationId }, async (tx) => {
      const tenant = await tenantBySlug(tx, organizationId, params.tenantSlug);
      if (!tenant) return null;
      return issueAttestation(tx, {
        organizationId,
        tenantId: tenant.id,
        language: parsed.data.language,
        asOf: parsed.data.as_of ? new Date(parsed.data.as_of) : null,
        actor: { userId: null, label: principal.label },
        kek,
        publicUrl,
      });
    });
    if (!issued) return apiError(request, 404, "not_found", "api.notFound.tenant");
    return Response.json(
      { data: attestationJson(issued, publicUrl) },
      { status: 201, headers: { Location: `/api/v1/attestations/${issued.id}/pdf` } },
    );
  } catch (error) {
    if (!(error instanceof AttestationError)) throw error;
    return apiError(request, 409, "cannot_attest", "api.errors.nothingIssued", [
      { path: error.field, message: refusalMessage(error.refusal) },
    ]);
  }
}

/** GET /api/v1/tenants/{slug}/attestations — the tenant's attestations, newest first (scope reports:read). */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const principal = await requireApiScope(request, context, "reports:read");
  const url = new URL(request.url);
  const limit = z.coerce
    .number()
    .int()
    .min(1)
    .max(200)
    .catch(50)
    .parse(url.searchParams.get("limit") ?? 50);
  const offset = z.coerce
    .number()
    .int()
    .min(0)
    .catch(0)
    .parse(url.searchParams.get("offset") ?? 0);
  const organizationId = principal.organizationId;
  const { publicUrl } = issuer(request);
  const page = await withScope(context.db, { organizationId }, async (tx) => {
    const tenant = await tenantBySlug(tx, organizationId, params.tenantSlug);
    return tenant ? listAttestations(tx, { organizationId, tenantId: tenant.id, limit, offset }) : null;
  });
  if (!page) return apiError(request, 404, "not_found", "api.notFound.tenant");
  return Response.json({ data: page.rows.map((row) => attestationJson(row, publicUrl)), total: page.total, limit, offset });
}
