import type { LoaderFunctionArgs } from "@remix-run/node";
import { withScope } from "../../db/connection.server";
import { getConfig } from "../config/config.server";
import { calendarOwner, deadlinesCalendar } from "../deadlines/calendar.server";
import { collectDeadlines } from "../deadlines/deadlines.server";
import { DEADLINE_KINDS } from "../../db/schema/notifications";
import { preferencesOf } from "../deadlines/notify.server";
import { isLocale } from "../i18n/i18n";

/** GET /calendar/{secret}.ics — the member's deadlines for Outlook or Google Calendar (no session: the URL is the key). */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const token = (params.token ?? "").replace(/\.ics$/, "");
  const owner = token ? await calendarOwner(context.db, token) : null;
  if (!owner) return new Response("Unknown calendar", { status: 404 });
  const { deadlines, kinds } = await withScope(context.db, { organizationId: owner.organizationId }, async (tx) => ({
    deadlines: await collectDeadlines(tx, owner.organizationId),
    kinds: (await preferencesOf(tx, owner.organizationId, owner.userId, owner.role)).kinds,
  }));
  const wanted = new Set(kinds.length > 0 ? kinds : DEADLINE_KINDS);
  const body = deadlinesCalendar({
    deadlines: deadlines.filter((d) => wanted.has(d.kind)),
    organizationName: owner.organizationName,
    locale: isLocale(owner.locale) ? owner.locale : "en",
    baseUrl: getConfig().publicUrl ?? new URL(request.url).origin,
  });
  return new Response(body, { headers: { "Content-Type": "text/calendar; charset=utf-8", "Cache-Control": "private, max-age=300" } });
}
