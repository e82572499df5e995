import type { LoaderFunctionArgs } from "@remix-run/node";
import { agreementDocument } from "../agreements/agreements.server";
import { notFound, requireAuth, requirePermission, scoped } from "../auth/auth.server";
import { fileResponse } from "../files/file-store.server";
import { requireUuidParam } from "../ui/params";

/** GET /agreements/documents/{id} — a signed agreement or annex, for whoever may read the agreement. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const auth = await requireAuth(request, context);
  requirePermission(auth, "read", "Agreement");
  const documentId = requireUuidParam(params.documentId);
  // Row-level security hides documents of agreements the member cannot see: they are simply not found.
  const found = await scoped(context, auth, (tx) => agreementDocument(tx, { organizationId: auth.organization.id, documentId }));
  if (!found) throw notFound();
  return fileResponse(found.file, found.document.fileName);
}
