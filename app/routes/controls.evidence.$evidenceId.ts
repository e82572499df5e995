import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound, requireAuth, requirePermission, scoped } from "../auth/auth.server";
import { evidenceDownload } from "../controls/controls.server";
import { requireUuidParam } from "../ui/params";

/** GET /controls/evidence/{id} — an evidence file, with the content type read from its bytes at upload. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const auth = await requireAuth(request, context);
  requirePermission(auth, "read", "Control");
  const evidenceId = requireUuidParam(params.evidenceId);
  const found = await scoped(context, auth, (tx) => evidenceDownload(tx, { organizationId: auth.organization.id, evidenceId }));
  if (!found) throw notFound();
  const name = (found.evidence.fileName ?? "evidence").replace(/["\r\n\\]/g, "_");
  return new Response(new Uint8Array(found.file.content), {
    headers: {
      "Content-Type": found.file.contentType,
      "Content-Length": String(found.file.size),
      // Always a download, never rendered in the app's origin.
      "Content-Disposition": `attachment; filename="${name}"`,
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, no-store",
      ETag: `"${found.file.sha256}"`,
    },
  });
}
