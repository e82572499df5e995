import ExcelJS from "exceljs";
import type { AppLoadContext } from "@remix-run/node";
import { recordAudit } from "../audit/audit.server";
import { csvRow, spreadsheetSafe } from "../audit/csv";
import { actorOf, notFound, requireAuth, requirePermission, scoped } from "../auth/auth.server";
import { translator } from "../i18n/i18n";
import { detectLocale } from "../i18n/locale.server";
import { localText } from "./catalogue.server";
import { statementOfApplicability } from "./controls.server";
import { reasonText } from "./effective-status";
import { SoaQuery } from "./soa-query";
import * as clock from "../config/clock";
import { CONTROL_STATUS_LABEL } from "../i18n/labels";

/** The Statement of Applicability of one framework as rows, in the reader's language, with its export audited. */
export async function soaExportRows(request: Request, context: AppLoadContext, format: "csv" | "xlsx") {
  const auth = await requireAuth(request, context);
  requirePermission(auth, "export", "Control");
  const { framework: frameworkId } = SoaQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const locale = await detectLocale(request);
  const t = translator(locale);
  const organizationId = auth.organization.id;
  const soa = await scoped(context, auth, async (tx) => {
    const result = await statementOfApplicability(tx, { organizationId, frameworkId, today: clock.today() });
    if (result) {
      await recordAudit(tx, {
        organizationId,
        actor: actorOf(auth),
        action: "controls.export",
        entityType: "framework",
        entityId: frameworkId,
        after: { format, rows: result.rows.length },
      });
    }
    return result;
  });
  if (!soa) throw notFound();
  const header = (
    [
      "controls.export.requirement",
      "controls.export.title",
      "controls.export.theme",
      "controls.export.applicable",
      "controls.export.justification",
      "controls.export.status",
      "controls.export.effective_status",
      "controls.export.attention_reasons",
      "controls.export.owner",
      "controls.export.review_interval_months",
      "controls.export.next_review",
      "controls.export.evidence_current",
      "controls.export.evidence_expired",
      "controls.export.automated_passing",
      "controls.export.automated_failing",
      "controls.export.risks",
    ] as const
  ).map((k) => t(k));
  const rows = soa.rows.map((r) => [
    r.requirementId,
    localText(r.title, locale),
    localText(soa.framework.themes.find((th) => th.id === r.theme)!.name, locale),
    r.record.applicable ? t("controls.yes") : t("controls.no"),
    r.record.justification,
    // The officer's declaration and what Attest makes of it, side by side, so that an auditor sees both.
    t(CONTROL_STATUS_LABEL[r.declared]),
    t(CONTROL_STATUS_LABEL[r.status]),
    r.reasons
      .map((reason) => {
        const { key, values } = reasonText(reason);
        return t(key, values);
      })
      .join("; "),
    r.record.ownerName ?? "",
    r.record.reviewIntervalMonths,
    r.record.nextReviewOn ?? "",
    r.evidence.current,
    r.evidence.expired,
    r.automated.passing,
    r.automated.failing,
    r.risks.map((risk) => `${risk.reference} ${risk.title}`).join("; "),
  ]);
  const fileName = `attest-soa-${auth.organization.slug}-${soa.framework.id}-${clock.today()}`;
  return { header, rows, fileName, sheetName: localText(soa.framework.name, locale).slice(0, 31) };
}

/**
 * The CSV of a table (SoA, findings, registers): headers and labels in the reader's language, but the same
 * machine-readable notation in every language — see csvField in app/audit/csv.ts for why.
 */
export function csvResponse(e: Awaited<ReturnType<typeof soaExportRows>>) {
  const body = csvRow(e.header) + e.rows.map((r) => csvRow(r)).join("");
  return new Response(`\uFEFF${body}`, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${e.fileName}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}

export const XLSX_INTEGER = "#,##0";
export const XLSX_DECIMAL = "#,##0.0##";

export async function xlsxResponse(e: Awaited<ReturnType<typeof soaExportRows>>) {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Attest";
  const sheet = workbook.addWorksheet(e.sheetName.replace(/[\\/?*[\]:]/g, " "));
  sheet.addRow(e.header).font = { bold: true };
  // Cells are written as values, never formulas, and their text goes through the CSV's guard: a justification
  // starting with "=" stays text, even once copied back into a sheet.
  for (const values of e.rows) {
    const row = sheet.addRow(values.map((v) => (typeof v === "string" ? spreadsheetSafe(v) : v)));
    // Numbers stay numbers, so that the sheet can sum and sort them; the format only groups thousands, and Excel
    // shows it in its own locale's notation (1 234,5 in French, 1,234.5 in English).
    row.eachCell((cell) => {
      if (typeof cell.value === "number") cell.numFmt = Number.isInteger(cell.value) ? XLSX_INTEGER : XLSX_DECIMAL;
    });
  }
  sheet.columns.forEach((column, i) => (column.width = i === 1 || i === 4 ? 60 : i === 7 ? 40 : 18));
  sheet.views = [{ state: "frozen", ySplit: 1 }];
  const buffer = await workbook.xlsx.writeBuffer();
  return new Response(Buffer.from(buffer as ArrayBuffer), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="${e.fileName}.xlsx"`,
      "Cache-Control": "no-store",
    },
  });
}
