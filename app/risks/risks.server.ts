import { and, asc, count, eq, exists, gt, ilike, inArray, isNull, or, sql } from "drizzle-orm";
import type { Tx } from "../../db/connection.server";
import { containsPattern } from "../../db/like";
import { agreements, assets, riskControls, risks, riskScope, tenants, users, type Risk } from "../../db/schema";
import type { Sort } from "../ui/sort";
import { orderBy } from "../ui/sort.server";

type OrgParams = { organizationId: string };
type ControlKey = { frameworkId: string; requirementId: string };
type RiskControl = typeof riskControls.$inferSelect;
type RiskScopeEntry = typeof riskScope.$inferSelect;

export const RISK_SORTS = ["reference", "title", "owner", "inherent", "residual", "treatment", "next_review"] as const;
export type RiskSort = Sort<(typeof RISK_SORTS)[number]>;
/** The register's stable order: the highest residual score first, then by reference. */
export const RISK_DEFAULT_SORT: RiskSort = { column: "residual", direction: "desc" };

/** R-001 → 1: references compare by number, so R-1000 comes after R-999. */
export const referenceNumber = sql<number>`substring(${risks.reference} from 3)::int`;
const inherentScore = sql`${risks.inherentLikelihood} * ${risks.inherentImpact}`;
const residualScore = sql`${risks.residualLikelihood} * ${risks.residualImpact}`;
const SORT_COLUMNS = {
  reference: referenceNumber,
  title: sql`lower(${risks.title})`,
  owner: sql`lower(coalesce(${users.name}, ''))`,
  inherent: inherentScore,
  residual: residualScore,
  treatment: risks.treatment,
  next_review: risks.nextReviewOn,
};

export type RiskFilters = { q?: string | undefined; treatment?: Risk["treatment"] | undefined };

function registerWhere(organizationId: string, filters: RiskFilters) {
  const pattern = filters.q ? containsPattern(filters.q) : undefined;
  return and(
    eq(risks.organizationId, organizationId),
    isNull(risks.archivedAt),
    filters.treatment ? eq(risks.treatment, filters.treatment) : undefined,
    pattern
      ? or(ilike(risks.reference, pattern), ilike(risks.title, pattern), ilike(risks.threat, pattern), ilike(risks.riskSource, pattern))
      : undefined,
  );
}

/** A page of the register, sorted on the server; `q` matches a reference, a title, a threat or a risk source. */
export async function listRisks(tx: Tx, params: OrgParams & { filters: RiskFilters; sort?: RiskSort; page: number; pageSize: number }) {
  const where = registerWhere(params.organizationId, params.filters);
  const [total] = await tx.select({ value: count() }).from(risks).where(where);
  const rows = await tx
    .select({ risk: risks, ownerName: users.name })
    .from(risks)
    .leftJoin(users, eq(users.id, risks.ownerUserId))
    .where(where)
    .orderBy(...orderBy(params.sort ?? RISK_DEFAULT_SORT, SORT_COLUMNS, referenceNumber))
    .limit(params.pageSize)
    .offset((params.page - 1) * params.pageSize);
  return { rows, total: total?.value ?? 0 };
}

/**
 * Live risks in reference order after the reference number `after`, at most `limit` (and whether more follow): the
 * API's cursor pages. `control` ("framework:requirement") keeps the risks it treats.
 */
export async function listRisksAfter(
  tx: Tx,
  params: OrgParams & {
    treatment?: Risk["treatment"] | undefined;
    control?: ControlKey | undefined;
    after?: number | undefined;
    limit: number;
  },
) {
  const treats = params.control
    ? exists(
        tx
          .select({ one: sql`1` })
          .from(riskControls)
          .where(
            and(
              eq(riskControls.riskId, risks.id),
              eq(riskControls.frameworkId, params.control.frameworkId),
              eq(riskControls.requirementId, params.control.requirementId),
            ),
          ),
      )
    : undefined;
  const rows = await tx
    .select({ risk: risks, ownerName: users.name })
    .from(risks)
    .leftJoin(users, eq(users.id, risks.ownerUserId))
    .where(
      and(
        registerWhere(params.organizationId, { treatment: params.treatment }),
        treats,
        params.after === undefined ? undefined : gt(referenceNumber, params.after),
      ),
    )
    .orderBy(asc(referenceNumber))
    .limit(params.limit + 1);
  return { rows: rows.slice(0, params.limit), more: rows.length > params.limit };
}

/** The controls and scope of each of these risks, by risk id. */
export async function linksByRisk(tx: Tx, riskIds: string[]) {
  const links = new Map(riskIds.map((id) => [id, { controls: [] as RiskControl[], scope: [] as RiskScopeEntry[] }]));
  if (riskIds.length === 0) return links;
  for (const c of await tx.select().from(riskControls).where(inArray(riskControls.riskId, riskIds))) links.get(c.riskId)?.controls.push(c);
  for (const s of await tx.select().from(riskScope).where(inArray(riskScope.riskId, riskIds))) links.get(s.riskId)?.scope.push(s);
  return links;
}

export async function getRisk(tx: Tx, params: OrgParams & { riskId: string }) {
  const [row] = await tx
    .select({ risk: risks, ownerName: users.name })
    .from(risks)
    .leftJoin(users, eq(users.id, risks.ownerUserId))
    .where(and(eq(risks.organizationId, params.organizationId), eq(risks.id, params.riskId)));
  if (!row) return null;
  const controls = await tx.select().from(riskControls).where(eq(riskControls.riskId, row.risk.id));
  const scope = await tx.select().from(riskScope).where(eq(riskScope.riskId, row.risk.id));
  return { ...row, controls, scope };
}

export type HeatCell = { likelihood: number; impact: number; count: number };

/** How many live risks sit at each likelihood × impact, before and after treatment: the register's heat maps. */
export async function heatMap(tx: Tx, params: OrgParams): Promise<{ inherent: HeatCell[]; residual: HeatCell[] }> {
  // One pass over the register (at most 5⁴ groups), folded into the two maps here.
  const groups = await tx
    .select({
      inherentLikelihood: risks.inherentLikelihood,
      inherentImpact: risks.inherentImpact,
      residualLikelihood: risks.residualLikelihood,
      residualImpact: risks.residualImpact,
      count: count(),
    })
    .from(risks)
    .where(and(eq(risks.organizationId, params.organizationId), isNull(risks.archivedAt)))
    .groupBy(risks.inherentLikelihood, risks.inherentImpact, risks.residualLikelihood, risks.residualImpact);
  const fold = (pick: (g: (typeof groups)[number]) => [number, number]) => {
    const cells = new Map<string, HeatCell>();
    for (const g of groups) {
      const [likelihood, impact] = pick(g);
      const cell = cells.get(`${likelihood}:${impact}`) ?? { likelihood, impact, count: 0 };
      cell.count += g.count;
      cells.set(`${likelihood}:${impact}`, cell);
    }
    return [...cells.values()];
  };
  return {
    inherent: fold((g) => [g.inherentLikelihood, g.inherentImpact]),
    residual: fold((g) => [g.residualLikelihood, g.residualImpact]),
  };
}

export type ScopeEntry = { type: "asset" | "tenant" | "agreement"; id: string; name: string; href: string };

/** A risk's scope by name, each with the page it links to: its assets, tenants and agreements. */
export async function scopeNames(tx: Tx, params: OrgParams & { scope: { type: string; targetId: string }[] }): Promise<ScopeEntry[]> {
  const ids = (type: string) => params.scope.filter((s) => s.type === type).map((s) => s.targetId);
  const org = params.organizationId;
  const [assetRows, tenantRows, agreementRows] = await Promise.all([
    ids("asset").length
      ? tx
          .select({ id: assets.id, name: assets.name })
          .from(assets)
          .where(and(eq(assets.organizationId, org), inArray(assets.id, ids("asset"))))
      : [],
    ids("tenant").length
      ? tx
          .select({ id: tenants.id, name: tenants.legalName })
          .from(tenants)
          .where(and(eq(tenants.organizationId, org), inArray(tenants.id, ids("tenant"))))
      : [],
    ids("agreement").length
      ? tx
          .select({ id: agreements.id, name: agreements.title })
          .from(agreements)
          .where(and(eq(agreements.organizationId, org), inArray(agreements.id, ids("agreement"))))
      : [],
  ]);
  return [
    ...assetRows.map((r) => ({ type: "asset" as const, ...r, href: `/inventory/${r.id}` })),
    ...tenantRows.map((r) => ({ type: "tenant" as const, ...r, href: `/settings/tenants/${r.id}` })),
    ...agreementRows.map((r) => ({ type: "agreement" as const, ...r, href: `/agreements/${r.id}` })),
  ].sort((a, b) => a.type.localeCompare(b.type) || a.name.localeCompare(b.name));
}
