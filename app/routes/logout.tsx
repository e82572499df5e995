import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { assertCsrf } from "../auth/csrf.server";
import { destroySession } from "../auth/session.server";

export async function loader() {
  return redirect("/");
}

export async function action({ request, context }: ActionFunctionArgs) {
  assertCsrf(request, await request.formData());
  return redirect("/login", { headers: { "Set-Cookie": await destroySession(context.db, request) } });
}
