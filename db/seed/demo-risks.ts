import { and, eq, inArray } from "drizzle-orm";
import type { Actor } from "../../app/auth/auth.server";
import { acceptRisk } from "../../app/risks/accept-risk.server";
import { riskLibrary } from "../../app/risks/library.server";
import { RiskInputSchema } from "../../app/risks/risk-schema";
import { createRisk } from "../../app/risks/save-risk.server";
import type { Tx } from "../connection.server";
import { assets, risks, tenants, users } from "../schema";
import type { RiskTreatment } from "../schema/risks";
import { demoCalendar } from "./demo-calendar";

type DemoRisk = {
  libraryId: string;
  residual: [likelihood: number, impact: number];
  treatment: RiskTreatment;
  /** External ids of demo sites or slugs of demo tenants. */
  sites?: string[];
  tenants?: string[];
  owner: "officer" | "admin";
  reviewInDays: number;
};

/**
 * Helios's register, started from the library on the demo's first day and written in French (Helios is a French
 * operator): most risks reduced by their controls, two retained and accepted by their owner, one shared with an
 * insurer and the fuel supplier. Ratings are the library's; residual ratings are Helios's judgement.
 */
const DEMO_RISKS: DemoRisk[] = [
  { libraryId: "dc.power-loss", residual: [1, 5], treatment: "modify", sites: ["par1", "fra1"], owner: "admin", reviewInDays: 120 },
  { libraryId: "dc.cooling-failure", residual: [2, 3], treatment: "modify", sites: ["par1"], owner: "admin", reviewInDays: 90 },
  { libraryId: "dc.fuel-supply", residual: [1, 4], treatment: "share", sites: ["par1", "fra1"], owner: "admin", reviewInDays: 180 },
  { libraryId: "dc.flood-heat", residual: [2, 3], treatment: "retain", sites: ["par1"], owner: "officer", reviewInDays: 200 },
  { libraryId: "dc.physical-access", residual: [1, 3], treatment: "modify", sites: ["par1", "fra1"], owner: "officer", reviewInDays: 60 },
  { libraryId: "dc.gpu-supply-firmware", residual: [2, 4], treatment: "modify", owner: "officer", reviewInDays: 45 },
  {
    libraryId: "dc.tenant-insider",
    residual: [1, 4],
    treatment: "modify",
    tenants: ["lumen-ai", "kairos-cloud"],
    owner: "officer",
    reviewInDays: 90,
  },
  {
    libraryId: "dc.extra-european-law",
    residual: [2, 4],
    treatment: "modify",
    tenants: ["kairos-cloud", "genovia-bio"],
    owner: "officer",
    reviewInDays: 30,
  },
  { libraryId: "dc.grid-connection-delay", residual: [3, 2], treatment: "retain", sites: ["par1"], owner: "officer", reviewInDays: 150 },
  {
    libraryId: "dc.permit-non-renewal",
    residual: [1, 4],
    treatment: "modify",
    sites: ["par1", "fra1"],
    owner: "officer",
    reviewInDays: 60,
  },
  {
    libraryId: "dc.unlawful-transfer",
    residual: [2, 4],
    treatment: "modify",
    tenants: ["genovia-bio"],
    owner: "officer",
    reviewInDays: 30,
  },
];

export type DemoOwners = { officer: Actor; admin: Actor };

/** The demo's compliance officer and administrator, who own its risks. */
export async function demoRiskOwners(tx: Tx): Promise<DemoOwners> {
  const actor = async (email: string): Promise<Actor> => {
    const [user] = await tx.select({ id: users.id }).from(users).where(eq(users.email, email));
    if (!user) throw new Error(`demo user ${email} missing`);
    return { userId: user.id, label: email };
  };
  return { officer: await actor("compliance@helios.example"), admin: await actor("admin@helios.example") };
}

/** The register as written on the demo's first day, its treating controls assessed as they stood then. */
export async function seedDemoRisks(tx: Tx, organizationId: string, owners: DemoOwners, now: Date) {
  const calendar = demoCalendar(now);
  const library = new Map(riskLibrary().map((r) => [r.id, r]));
  const siteIds = await idsBy(tx, organizationId, "sites");
  const tenantIds = await idsBy(tx, organizationId, "tenants");
  for (const demo of DEMO_RISKS) {
    const entry = library.get(demo.libraryId);
    if (!entry) throw new Error(`demo risk ${demo.libraryId} is not in the library`);
    const input = RiskInputSchema.parse({
      libraryId: entry.id,
      language: "fr",
      title: entry.title.fr,
      description: entry.description.fr,
      riskSource: entry.risk_source.fr,
      threat: entry.threat.fr,
      vulnerability: entry.vulnerability.fr,
      ownerUserId: owners[demo.owner].userId,
      inherentLikelihood: entry.likelihood,
      inherentImpact: entry.impact,
      residualLikelihood: demo.residual[0],
      residualImpact: demo.residual[1],
      treatment: demo.treatment,
      controls: demo.treatment === "modify" ? entry.controls : entry.controls.slice(0, 2),
      scope: [
        ...(demo.sites ?? []).map((s) => ({ type: "asset", id: required(siteIds, s) })),
        ...(demo.tenants ?? []).map((s) => ({ type: "tenant", id: required(tenantIds, s) })),
      ],
      nextReviewOn: calendar.inDays(demo.reviewInDays),
    });
    const created = await createRisk(tx, { organizationId, actor: owners.officer, input });
    if (!created.ok) throw new Error(`demo risk ${demo.libraryId} refused: ${JSON.stringify(created.fieldErrors)}`);
  }
}

/** Today, the owners of the retained risks accept them until their next review. */
export async function acceptDemoRisks(tx: Tx, organizationId: string, owners: DemoOwners, now: Date) {
  const calendar = demoCalendar(now);
  const retained = await tx
    .select()
    .from(risks)
    .where(and(eq(risks.organizationId, organizationId), eq(risks.treatment, "retain")));
  for (const risk of retained) {
    const owner = [owners.officer, owners.admin].find((o) => o.userId === risk.ownerUserId)!;
    const accepted = await acceptRisk(tx, {
      organizationId,
      actor: owner,
      riskId: risk.id,
      input: {
        expiresOn: risk.nextReviewOn ?? calendar.inDays(180),
        note: "Risque résiduel jugé acceptable au regard du coût des mesures.",
      },
    });
    if (!accepted?.ok) throw new Error(`demo acceptance of ${risk.reference} refused`);
  }
}

async function idsBy(tx: Tx, organizationId: string, what: "sites" | "tenants"): Promise<Map<string, string>> {
  if (what === "tenants") {
    const rows = await tx.select({ key: tenants.slug, id: tenants.id }).from(tenants).where(eq(tenants.organizationId, organizationId));
    return new Map(rows.map((r) => [r.key, r.id]));
  }
  const rows = await tx
    .select({ key: assets.externalId, id: assets.id })
    .from(assets)
    .where(and(eq(assets.organizationId, organizationId), inArray(assets.kind, ["site"])));
  return new Map(rows.map((r) => [r.key, r.id]));
}

function required(ids: Map<string, string>, key: string) {
  const id = ids.get(key);
  if (!id) throw new Error(`demo ${key} missing`);
  return id;
}
