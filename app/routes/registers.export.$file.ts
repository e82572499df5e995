import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { recordAudit } from "../audit/audit.server";
import { actorOf, notFound, requireAuth, requirePermission, scoped } from "../auth/auth.server";
import { csvResponse, xlsxResponse } from "../controls/soa-export.server";
import { detectLocale } from "../i18n/locale.server";
import { REGISTERS, registerTable } from "../reports/register-exports.server";
import * as clock from "../config/clock";

/** The risk register is exported by those who may export risks (not legal); the others by those who may export reports. */
const SUBJECT = { permits: "Report", agreements: "Report", obligations: "Report", risks: "Risk" } as const;

const File = z.string().regex(new RegExp(`^(${REGISTERS.join("|")})\\.(csv|xlsx)$`));

/** GET /registers/export/{permits|agreements|obligations|risks}.{csv|xlsx} — a register in the reader's language, audited. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const auth = await requireAuth(request, context);
  const file = File.safeParse(params.file);
  if (!file.success) throw notFound();
  const [register, format] = file.data.split(".") as [(typeof REGISTERS)[number], "csv" | "xlsx"];
  requirePermission(auth, "export", SUBJECT[register]);
  const locale = await detectLocale(request);
  const organizationId = auth.organization.id;
  const today = clock.today();
  const table = await scoped(context, auth, async (tx) => {
    const result = await registerTable(tx, register, { organizationId, today, locale });
    await recordAudit(tx, {
      organizationId,
      actor: actorOf(auth),
      action: `${register}.export`,
      entityType: register,
      entityId: organizationId,
      after: { format, rows: result.rows.length },
    });
    return result;
  });
  const exported = { ...table, fileName: `attest-${register}-${auth.organization.slug}-${today}` };
  return format === "csv" ? csvResponse(exported) : xlsxResponse(exported);
}
