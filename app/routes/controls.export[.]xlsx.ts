import type { LoaderFunctionArgs } from "@remix-run/node";
import { soaExportRows, xlsxResponse } from "../controls/soa-export.server";

/** GET /controls/export.xlsx?framework=… — the Statement of Applicability as an Excel workbook. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  return xlsxResponse(await soaExportRows(request, context, "xlsx"));
}
