import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound, requireAuth, requirePermission, scoped } from "../auth/auth.server";
import { evidenceDownload } from "../controls/controls.server";
import { fileResponse } from "../files/file-store.server";
import { requireUuidParam } from "../ui/params";

/** GET /controls/evidence/{id} — an evidence file, with the content type read from its bytes at upload. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const auth = await requireAuth(request, context);
  requirePermission(auth, "read", "Control");
  const evidenceId = requireUuidParam(params.evidenceId);
  const found = await scoped(context, auth, (tx) => evidenceDownload(tx, { organizationId: auth.organization.id, evidenceId }));
  if (!found) throw notFound();
  return fileResponse(found.file, found.evidence.fileName ?? "evidence");
}
