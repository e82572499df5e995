import type { LoaderFunctionArgs } from "@remix-run/node";
import { actorOf, notFound, requireAuth, requirePermission, scoped } from "../auth/auth.server";
import { pdfResponse } from "../reports/downloads.server";
import { getReport, recordReportDownload } from "../reports/report-jobs.server";
import { requireUuidParam } from "../ui/params";

/** GET /reports/{id}/file — a finished audit report or evidence pack, as stored (its SHA-256 in a header). */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const auth = await requireAuth(request, context);
  requirePermission(auth, "export", "Report");
  const id = requireUuidParam(params.reportId);
  const report = await scoped(context, auth, async (tx) => {
    const found = await getReport(tx, { organizationId: auth.organization.id, id });
    if (!found || found.status !== "completed" || !found.content) return null;
    await recordReportDownload(tx, { organizationId: auth.organization.id, report: found, actor: actorOf(auth) });
    return found;
  });
  if (!report) throw notFound();
  return pdfResponse(report.content!, report.fileName!, report.sha256!, report.contentType!);
}
