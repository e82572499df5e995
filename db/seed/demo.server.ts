import { count, eq } from "drizzle-orm";
import { recordAudit } from "../../app/audit/audit.server";
import { hashPassword } from "../../app/auth/password.server";
import { ingestInventory } from "../../app/inventory/ingest.server";
import { IngestRequest } from "../../app/inventory/ingest-schema";
import { seedDemoAgreements } from "./demo-agreements";
import { reviewDemoControlToday, seedDemoControls } from "./demo-controls";
import { acceptDemoRisks, demoRiskOwners, seedDemoRisks } from "./demo-risks";
import { seedDemoPermits } from "./demo-permits";
import { demoInventory } from "./demo-inventory";
import { withScope, withSystem, type Db, type Tx } from "../connection.server";
import { memberships, organizations, policyOverrides, tenants, users, type Role } from "../schema";
import { processOrganization, queueFullRun } from "../../app/policy-engine/runs.server";
import { issueAttestation } from "../../app/reports/attestations.server";
import { createAudit, recordReview } from "../../app/audits/audits.server";
import { configuredKeyEncryptionKey } from "../../app/reports/signing-keys.server";
import { getConfig } from "../../app/config/config.server";
import * as clock from "../../app/config/clock";

export const DEMO_PASSWORD = "helios-demo-2026";

export const DEMO_USERS: { email: string; name: string; role: Role; tenantSlug?: string }[] = [
  { email: "admin@helios.example", name: "Camille Martin", role: "admin" },
  { email: "compliance@helios.example", name: "Inès Moreau", role: "compliance_officer" },
  { email: "legal@helios.example", name: "Thomas Lefèvre", role: "legal" },
  { email: "auditor@helios.example", name: "Sarah Becker", role: "auditor" },
  { email: "member@lumen-ai.example", name: "Alex Nguyen", role: "tenant_member", tenantSlug: "lumen-ai" },
];

const HELIOS_TENANTS = [
  {
    slug: "lumen-ai",
    legalName: "Lumen AI Research SAS",
    country: "FR",
    registrationNumber: "RCS Paris 912 345 678",
    contacts: [{ name: "Alex Nguyen", email: "member@lumen-ai.example", role: "Head of infrastructure" }],
  },
  {
    slug: "kairos-cloud",
    legalName: "Kairos GPU Cloud GmbH",
    country: "DE",
    registrationNumber: "HRB 123456 B (Amtsgericht Charlottenburg)",
    contacts: [{ name: "Jonas Weber", email: "ops@kairos-cloud.example", role: "Operations" }],
  },
  {
    slug: "genovia-bio",
    legalName: "Genovia Biotech SA",
    country: "BE",
    registrationNumber: "BE 0712.345.678",
    contacts: [{ name: "Dr. Léa Dubois", email: "dpo@genovia-bio.example", role: "Data protection officer" }],
  },
];

const SYSTEM = { userId: null, label: "system (demo seed)" };

async function isEmpty(tx: Tx) {
  const [orgs] = await tx.select({ value: count() }).from(organizations);
  const [people] = await tx.select({ value: count() }).from(users);
  return (orgs?.value ?? 0) === 0 && (people?.value ?? 0) === 0;
}

async function createOrganization(tx: Tx, values: typeof organizations.$inferInsert) {
  const [org] = await tx.insert(organizations).values(values).returning();
  if (!org) throw new Error("Organisation was not created");
  await recordAudit(tx, {
    organizationId: org.id,
    actor: SYSTEM,
    action: "organization.create",
    entityType: "organization",
    entityId: org.id,
    after: org,
  });
  return org;
}

/**
 * Seeds the fictional operator "Helios Data Centers" (and a second operator, so that switching organisations can
 * be tried). Never touches a database that already holds organisations or users. Answers whether it seeded.
 */
export async function seedDemo(db: Db): Promise<boolean> {
  // One instant for every date of the demo, so that they agree with each other (see demo-calendar.ts).
  const now = clock.now();
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  // Helios started using Attest two weeks ago: its registers, first snapshot and first evaluation date from then, so
  // that a report on a period that has ended, or an attestation as of last week, has a history to state.
  const heliosId = await clock.replayFrom(new Date(now.getTime() - DEMO_HISTORY_DAYS * clock.DAY_MS), () =>
    seedFirstWeeks(db, now, passwordHash),
  );
  if (!heliosId) return false;
  // Today: the DCIM's latest snapshot (new power readings, last night's backups) and today's evaluation.
  await withScope(db, { organizationId: heliosId }, async (tx) => {
    const inventory = await ingestInventory(tx, {
      organizationId: heliosId,
      actor: SYSTEM,
      request: IngestRequest.parse(demoInventory(now)),
    });
    if (!inventory.ok) throw new Error(`Demo inventory refused: ${JSON.stringify(inventory.errors.slice(0, 5))}`);
    await queueFullRun(tx, heliosId, "schedule", SYSTEM.label);
  });
  await processOrganization(db, heliosId);
  await withScope(db, { organizationId: heliosId }, async (tx) => {
    const owners = await demoRiskOwners(tx);
    await reviewDemoControlToday(tx, heliosId, owners.officer, owners.officer.userId!, now);
    await acceptDemoRisks(tx, heliosId, owners, now);
  });
  await seedDemoAttestations(db, heliosId);
  await seedDemoAudit(db, heliosId);
  return true;
}

const DEMO_HISTORY_DAYS = 14;

/** The organisations, people, registers and first snapshot, as of the demo's first day; null if not empty. */
async function seedFirstWeeks(db: Db, now: Date, passwordHash: string): Promise<string | null> {
  const heliosId = await withSystem(db, async (tx) => {
    if (!(await isEmpty(tx))) return null;
    const helios = await createOrganization(tx, { slug: "helios", name: "Helios Data Centers", country: "FR" });
    const septentrion = await createOrganization(tx, { slug: "septentrion", name: "Septentrion Calcul", country: "FR" });

    const tenantIds = new Map<string, string>();
    for (const values of HELIOS_TENANTS) {
      const [tenant] = await tx
        .insert(tenants)
        .values({ organizationId: helios.id, ...values })
        .returning();
      if (!tenant) throw new Error("Tenant was not created");
      tenantIds.set(tenant.slug, tenant.id);
      await recordAudit(tx, {
        organizationId: helios.id,
        actor: SYSTEM,
        action: "tenant.create",
        entityType: "tenant",
        entityId: tenant.id,
        after: tenant,
      });
    }

    let complianceOfficerId: string | undefined;
    for (const demo of DEMO_USERS) {
      const [user] = await tx.insert(users).values({ email: demo.email, name: demo.name, passwordHash }).returning({ id: users.id });
      if (!user) throw new Error("User was not created");
      if (demo.role === "compliance_officer") complianceOfficerId = user.id;
      const tenantId = demo.tenantSlug ? (tenantIds.get(demo.tenantSlug) ?? null) : null;
      const grants = demo.role === "admin" ? [helios, septentrion] : [helios];
      for (const org of grants) {
        const [membership] = await tx
          .insert(memberships)
          .values({ organizationId: org.id, userId: user.id, role: demo.role, tenantId })
          .returning();
        await recordAudit(tx, {
          organizationId: org.id,
          actor: SYSTEM,
          action: "membership.create",
          entityType: "membership",
          entityId: membership!.id,
          after: { ...membership, email: demo.email },
        });
      }
    }
    const inventory = await ingestInventory(tx, {
      organizationId: helios.id,
      actor: SYSTEM,
      request: IngestRequest.parse(demoInventory(clock.now())),
    });
    if (!inventory.ok) throw new Error(`Demo inventory refused: ${JSON.stringify(inventory.errors.slice(0, 5))}`);
    await seedDemoControls(tx, helios.id, SYSTEM, complianceOfficerId!, now);
    await seedDemoPermits(tx, helios.id, SYSTEM, now);
    await seedDemoAgreements(tx, helios.id, SYSTEM, now);
    await seedDemoPolicyParameters(tx, helios.id, tenantIds.get("genovia-bio")!);
    // The register is written on the first morning, before the engine's first run judges its treating controls.
    await seedDemoRisks(tx, helios.id, await demoRiskOwners(tx), now);
    await queueFullRun(tx, helios.id, "manual", SYSTEM.label);
    return helios.id;
  });
  if (heliosId) await processOrganization(db, heliosId);
  return heliosId;
}

/** An ISO 27001 audit under way: the demo auditor accepted one control and flagged another, which the officer answered. */
async function seedDemoAudit(db: Db, organizationId: string) {
  await withScope(db, { organizationId }, async (tx) => {
    const byEmail = async (email: string) => (await tx.select({ id: users.id }).from(users).where(eq(users.email, email)))[0]!.id;
    const auditorId = await byEmail("auditor@helios.example");
    const officerId = await byEmail("compliance@helios.example");
    // The year so far, up to yesterday: a period that has ended, so that its report can be built.
    const periodEnd = clock.daysAfter(clock.now(), -1);
    const year = periodEnd.slice(0, 4);
    const audit = await createAudit(tx, {
      organizationId,
      actor: SYSTEM,
      title: `ISO 27001 surveillance audit ${year}`,
      framework: "iso27001-2022",
      periodStart: `${year}-01-01`,
      periodEnd,
      auditorIds: [auditorId],
    });
    const auditor = { userId: auditorId, label: "auditor@helios.example", role: "auditor" as const };
    const officer = { userId: officerId, label: "compliance@helios.example", role: "compliance_officer" as const };
    await recordReview(tx, {
      organizationId,
      auditId: audit.id,
      itemId: "A.5.1",
      kind: "accepted",
      comment: "Policy approved by management and published on the intranet.",
      reviewer: auditor,
    });
    await recordReview(tx, {
      organizationId,
      auditId: audit.id,
      itemId: "A.8.13",
      kind: "flagged",
      comment: "Backups of two datasets are older than their schedule.",
      reviewer: auditor,
    });
    await recordReview(tx, {
      organizationId,
      auditId: audit.id,
      itemId: "A.8.13",
      kind: "response",
      comment: "Backup jobs re-planned; the policy engine will confirm at the next run.",
      reviewer: officer,
    });
  });
}

/** Lumen AI's attestations in both languages, so that its portal and the verification page have something real. */
async function seedDemoAttestations(db: Db, organizationId: string) {
  const config = getConfig();
  const publicUrl = config.publicUrl ?? `http://localhost:${config.port}`;
  await withScope(db, { organizationId }, async (tx) => {
    const [lumen] = await tx.select({ id: tenants.id }).from(tenants).where(eq(tenants.slug, "lumen-ai"));
    for (const language of ["en", "fr"] as const) {
      await issueAttestation(tx, {
        organizationId,
        tenantId: lumen!.id,
        language,
        asOf: null,
        actor: SYSTEM,
        kek: configuredKeyEncryptionKey(),
        publicUrl,
      });
    }
  });
}

/** Genovia's clinical data is under a sovereignty requirement (SecNumCloud-style): a tenant-level parameter. */
async function seedDemoPolicyParameters(tx: Tx, organizationId: string, genoviaId: string) {
  await tx.insert(policyOverrides).values({
    organizationId,
    tenantId: genoviaId,
    policyId: "gdpr.sovereignty.non-eu-holder",
    params: { require_sovereignty: true },
    updatedByLabel: SYSTEM.label,
  });
}

export function demoSignInsText(): string {
  const rows = DEMO_USERS.map((u) => `  ${u.role.padEnd(19)} ${u.email}`);
  return [`Demo sign-ins (password for all: ${DEMO_PASSWORD}):`, ...rows].join("\n");
}
