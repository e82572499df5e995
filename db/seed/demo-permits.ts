import { and, eq } from "drizzle-orm";
import type { Actor } from "../../app/auth/auth.server";
import { PermitFormSchema } from "../../app/permits/permit-schema";
import { createPermit } from "../../app/permits/permits.server";
import type { Tx } from "../connection.server";
import { assets } from "../schema";
import { demoCalendar } from "./demo-calendar";

/** The demo sites' permits, one of which expires in 60 days. */
export async function seedDemoPermits(tx: Tx, organizationId: string, actor: Actor, now: Date) {
  const calendar = demoCalendar(now);
  const site = async (externalId: string) => {
    const [row] = await tx
      .select({ id: assets.id })
      .from(assets)
      .where(and(eq(assets.organizationId, organizationId), eq(assets.externalId, externalId)));
    if (!row) throw new Error(`demo site ${externalId} missing`);
    return row.id;
  };
  const paris = await site("par1");
  const frankfurt = await site("fra1");
  const permits = [
    {
      siteId: paris,
      type: "icpe",
      authority: "Préfecture de l'Essonne",
      reference: "AP-2021-ICPE-0417",
      status: "granted",
      issuedOn: calendar.day("2021-03-15"),
      expiresOn: calendar.inDays(60),
      maxPowerMw: "45",
      maxGeneratorHours: "200",
      conditionsText: "Rubrique 2910-A (combustion): annual report on generator test hours; fuel tanks with retention.",
    },
    {
      siteId: paris,
      type: "grid_connection",
      authority: "RTE",
      reference: "CRAC-63kV-PSAC-01",
      status: "granted",
      issuedOn: calendar.day("2020-11-02"),
      expiresOn: calendar.day("2035-11-01"),
      maxPowerMw: "40",
    },
    {
      siteId: paris,
      type: "generator_fuel",
      authority: "Préfecture de l'Essonne",
      reference: "AP-2021-GE-0418",
      status: "granted",
      issuedOn: calendar.day("2021-03-15"),
      expiresOn: calendar.day("2031-03-14"),
      maxGeneratorHours: "200",
      conditionsText: "12 generators of 2.5 MW; 480 m³ of fuel in double-walled tanks.",
    },
    {
      siteId: paris,
      type: "noise",
      authority: "Mairie de Gif-sur-Yvette",
      reference: "BR-2022-031",
      status: "granted",
      issuedOn: calendar.day("2022-05-10"),
      maxNoiseDb: "55",
      conditionsText: "55 dB(A) by day, 45 dB(A) by night at the property boundary.",
    },
    {
      siteId: frankfurt,
      type: "icpe",
      authority: "Regierungspräsidium Darmstadt",
      reference: "BImSchG-2019-0932",
      status: "granted",
      issuedOn: calendar.day("2019-06-20"),
      maxPowerMw: "15",
      maxGeneratorHours: "150",
      conditionsText: "Genehmigung nach § 4 BImSchG (Nr. 1.2.1): emergency generators, 8 × 2 MW.",
    },
    {
      siteId: frankfurt,
      type: "building",
      authority: "Bauaufsicht Frankfurt am Main",
      reference: "B-2019-4471",
      status: "granted",
      issuedOn: calendar.day("2019-09-01"),
    },
    {
      siteId: frankfurt,
      type: "water_withdrawal",
      authority: "Regierungspräsidium Darmstadt",
      reference: "WR-2023-118",
      status: "applied",
      maxWaterM3: "60000",
    },
  ];
  for (const values of permits) {
    const outcome = await createPermit(tx, { organizationId, actor, input: PermitFormSchema.parse(values) });
    if (!outcome.ok) throw new Error(`demo permit refused: ${JSON.stringify(outcome)}`);
  }
}
