import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { users } from "../../db/schema";
import { getAuth } from "../auth/auth.server";
import { assertCsrf } from "../auth/csrf.server";
import { LOCALES } from "../i18n/i18n";
import { localeCookie } from "../i18n/locale.server";
import { safeRedirect } from "../auth/safe-redirect";

const LanguageSchema = z.object({ locale: z.enum(LOCALES), redirectTo: z.string().optional() });

export async function loader() {
  return redirect("/");
}

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await request.formData();
  assertCsrf(request, formData);
  const parsed = LanguageSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) throw new Response("Unsupported language", { status: 400 });
  const auth = await getAuth(request, context.db);
  if (auth) {
    // Remembered on the account too, so the choice follows the user to another browser.
    await context.db.update(users).set({ locale: parsed.data.locale }).where(eq(users.id, auth.user.id));
  }
  return redirect(safeRedirect(parsed.data.redirectTo), {
    headers: { "Set-Cookie": await localeCookie.serialize(parsed.data.locale) },
  });
}
