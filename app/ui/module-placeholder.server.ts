import type { LoaderFunctionArgs } from "@remix-run/node";
import type { SubjectName } from "../auth/ability";
import { requireAuth, requirePermission } from "../auth/auth.server";

/** The loader of a section whose module is not built yet: the same authorisation as the real one will have. */
export function placeholderLoader(subject: SubjectName) {
  return async ({ request, context }: LoaderFunctionArgs) => {
    const auth = await requireAuth(request, context);
    requirePermission(auth, "read", subject);
    return { organization: auth.organization.name };
  };
}
