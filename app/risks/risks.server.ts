import { and, count, eq, ilike, isNull, or, sql } from "drizzle-orm";
import type { Tx } from "../../db/connection.server";
import { containsPattern } from "../../db/like";
import { riskControls, risks, riskScope, users, type Risk } from "../../db/schema";
import type { Sort } from "../ui/sort";
import { orderBy } from "../ui/sort.server";

type OrgParams = { organizationId: string };

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
