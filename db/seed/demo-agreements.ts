import { and, eq } from "drizzle-orm";
import { createAgreement, createCounterparty } from "../../app/agreements/agreements.server";
import { AgreementFormSchema } from "../../app/agreements/content";
import type { Actor } from "../../app/auth/auth.server";
import type { Tx } from "../connection.server";
import { tenants } from "../schema";
import { demoCalendar } from "./demo-calendar";

/** A three-party GPU capacity agreement, a DPA per tenant, and counterparties with their headquarters. */
export async function seedDemoAgreements(tx: Tx, organizationId: string, actor: Actor, now: Date) {
  const calendar = demoCalendar(now);
  const tenantId = async (slug: string) => {
    const [row] = await tx
      .select({ id: tenants.id })
      .from(tenants)
      .where(and(eq(tenants.organizationId, organizationId), eq(tenants.slug, slug)));
    return row!.id;
  };
  const lumen = await tenantId("lumen-ai");
  const kairos = await tenantId("kairos-cloud");
  const genovia = await tenantId("genovia-bio");
  await createCounterparty(tx, {
    organizationId,
    actor,
    values: { name: "Auxilia Infrastructure Fund SCSp", registrationCountry: "LU", headquartersCountry: "LU" },
  });
  await createCounterparty(tx, {
    organizationId,
    actor,
    values: {
      name: "Northwind Evaluation Labs Inc.",
      registrationCountry: "US",
      headquartersCountry: "US",
      subProcessors: [{ name: "Amazon Web Services EMEA SARL", country: "LU", access: "hosting of evaluation results (us-east-1)" }],
    },
  });
  const me = `organization:${organizationId}`;
  const add = async (form: Record<string, unknown>) => {
    const outcome = await createAgreement(tx, { organizationId, actor, form: AgreementFormSchema.parse(form) });
    if (!outcome.ok) throw new Error(`demo agreement refused: ${JSON.stringify(outcome)}`);
  };
  await add({
    title: "GPU capacity and colocation agreement — Lumen AI × Kairos GPU Cloud × Helios",
    type: "gpu_capacity",
    effectiveDate: calendar.day("2025-01-01"),
    termMonths: "36",
    autoRenew: "yes",
    renewalTermMonths: "12",
    noticeDays: "180",
    governingLaw: "FR",
    value: "48000000",
    currency: "EUR",
    parties: [
      { ref: me, role: "provider", signatory: "Camille Martin, CEO", signature: "signed" },
      { ref: `tenant:${kairos}`, role: "provider", signatory: "Jonas Weber, COO", signature: "signed" },
      { ref: `tenant:${lumen}`, role: "customer", signatory: "Alex Nguyen, Head of infrastructure", signature: "signed" },
    ],
    dataLocation: "EU",
    capacityMw: "6",
    capacityRacks: "40",
    capacityGpus: "2560",
    slaAvailability: "99.95",
    breachNotificationHours: "24",
    subProcessing: "with_consent",
    liabilityCap: "12000000",
    confidentialityYears: "5",
    obligations: [
      {
        party: "0",
        text: "Quarterly capacity and availability report to both parties",
        dueOn: calendar.inDays(20),
        recurrence: "quarterly",
        owner: "Inès Moreau",
        status: "open",
      },
      {
        party: "1",
        text: "Keep GPU firmware within 90 days of the vendor's latest security release",
        recurrence: "monthly",
        status: "open",
      },
      {
        party: "2",
        text: "Forecast of capacity needs for the next 12 months",
        dueOn: calendar.inDays(45),
        recurrence: "yearly",
        status: "open",
      },
    ],
  });
  const dpa = async (tenant: string, name: string, location: string, hours: string) =>
    add({
      title: `Data processing agreement — ${name}`,
      type: "dpa",
      effectiveDate: calendar.day("2025-01-01"),
      autoRenew: "no",
      governingLaw: "FR",
      parties: [
        { ref: `tenant:${tenant}`, role: "controller", signature: "signed" },
        { ref: me, role: "processor", signature: "signed" },
      ],
      dataLocation: location,
      breachNotificationHours: hours,
      subProcessing: "with_consent",
      obligations: [
        {
          party: "1",
          text: "Annual audit report on the security of processing (GDPR Art. 28(3)(h))",
          dueOn: calendar.inDays(75),
          recurrence: "yearly",
          status: "open",
        },
      ],
    });
  await dpa(lumen, "Lumen AI Research", "EEA", "48");
  await dpa(kairos, "Kairos GPU Cloud", "EU", "48");
  await dpa(genovia, "Genovia Biotech", "FR, BE, DE", "24");
}
