import type { LoaderFunctionArgs } from "@remix-run/node";
import { xlsxResponse } from "../controls/soa-export.server";
import { findingsExportRows } from "../policy-engine/findings-export.server";

/** GET /findings/export.xlsx?… — the findings matching the list's filters, as an Excel workbook. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  return xlsxResponse(await findingsExportRows(request, context, "xlsx"));
}
