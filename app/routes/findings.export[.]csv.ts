import type { LoaderFunctionArgs } from "@remix-run/node";
import { csvResponse } from "../controls/soa-export.server";
import { findingsExportRows } from "../policy-engine/findings-export.server";

/** GET /findings/export.csv?… — the findings matching the list's filters, as CSV. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  return csvResponse(await findingsExportRows(request, context, "csv"));
}
