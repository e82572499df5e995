import type { LoaderFunctionArgs } from "@remix-run/node";
import { withScope } from "../../db/connection.server";
import { defineAbilityFor } from "../auth/ability";
import { getConfig } from "../config/config.server";
import { calendarOwner, deadlinesCalendar } from "../deadlines/calendar.server";
import { collectDeadlines, deadlinesSeenBy, readsDeadlines } from "../deadlines/deadlines.server";
import { DEADLINE_KINDS } from "../../db/schema/notifications";
import { preferencesOf } from "../deadlines/notify.server";
import { isLocale } from "../i18n/i18n";

/**
 * GET /calendar/{secret}.ics — the member's deadlines for Outlook or Google Calendar (no session: the URL is the key).
 * What it serves is decided at each request from the owner's membership as it is now (role, tenant), never from
 * the role they had when the address was made: a member whose role no longer reads deadlines gets 404, like an
 * unknown address.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const token = (params.token ?? "").replace(/\.ics$/, "");
  const owner = token ? await calendarOwner(context.db, token) : null;
  if (!owner) return unknown();
  const ability = defineAbilityFor({ role: owner.role, organizationId: owner.organizationId, tenantId: owner.tenantId });
  if (!readsDeadlines(ability)) return unknown();
  const scope = { organizationId: owner.organizationId, tenantId: owner.tenantId };
  const { deadlines, kinds } = await withScope(context.db, scope, async (tx) => ({
    deadlines: deadlinesSeenBy(ability, await collectDeadlines(tx, owner.organizationId)),
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

const unknown = () => new Response("Unknown calendar", { status: 404 });
