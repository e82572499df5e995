import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound, requireAuth, requirePermission, scoped } from "../auth/auth.server";
import { fileResponse } from "../files/file-store.server";
import { permitDocument } from "../permits/permits.server";
import { requireUuidParam } from "../ui/params";

/** GET /permits/documents/{id} — a permit's document. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const auth = await requireAuth(request, context);
  requirePermission(auth, "read", "Permit");
  const documentId = requireUuidParam(params.documentId);
  const found = await scoped(context, auth, (tx) => permitDocument(tx, { organizationId: auth.organization.id, documentId }));
  if (!found) throw notFound();
  return fileResponse(found.file, found.document.fileName);
}
