import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { getAuth } from "../auth/auth.server";
import { assertCsrf } from "../auth/csrf.server";
import { destroySession } from "../auth/session.server";

export async function loader() {
  return redirect("/");
}

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await request.formData();
  // Signed out already (in another window, or the session ended): nothing to undo, whatever token the page carried.
  if (!(await getAuth(request, context.db))) return redirect("/login");
  assertCsrf(request, formData);
  return redirect("/login", { headers: { "Set-Cookie": await destroySession(context.db, request) } });
}
