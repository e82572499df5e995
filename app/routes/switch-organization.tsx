import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requireAuth } from "../auth/auth.server";
import { assertCsrf } from "../auth/csrf.server";
import { setActiveOrganization } from "../auth/session.server";

const SwitchSchema = z.object({ organizationId: z.uuid() });

export async function loader() {
  return redirect("/");
}

export async function action({ request, context }: ActionFunctionArgs) {
  const auth = await requireAuth(request, context);
  const formData = await request.formData();
  assertCsrf(request, formData);
  const parsed = SwitchSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) throw new Response("Unknown organisation", { status: 400 });
  // Only an organisation the user belongs to: anything else is refused, not silently ignored.
  if (!auth.memberships.some((m) => m.organizationId === parsed.data.organizationId)) {
    throw new Response("Forbidden", { status: 403 });
  }
  await setActiveOrganization(context.db, auth.sessionId, parsed.data.organizationId);
  return redirect("/");
}
