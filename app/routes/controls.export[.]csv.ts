import type { LoaderFunctionArgs } from "@remix-run/node";
import { csvResponse, soaExportRows } from "../controls/soa-export.server";

/** GET /controls/export.csv?framework=… — the Statement of Applicability as CSV. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  return csvResponse(await soaExportRows(request, context, "csv"));
}
