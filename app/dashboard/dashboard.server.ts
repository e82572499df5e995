import { count, desc, eq, sql } from "drizzle-orm";
import type { Tx } from "../../db/connection.server";
import { auditLog, memberships, tenants } from "../../db/schema";
import type { AppAbility, SubjectName } from "../auth/ability";
import { frameworkShortName } from "../controls/catalogue.server";
import { controlsOverview } from "../controls/controls.server";
import { controlPath } from "../controls/soa-query";
import type { Locale } from "../i18n/i18n";

/**
 * The entity an audit entry changed, named by its record as the entry stored it: the first of these fields present
 * after the change, or before it for a deletion (a permit's reference, a tenant's legal name, an audit's item…).
 */
const ENTITY_NAME = sql<string | null>`coalesce(
  ${auditLog.after}->>'title', ${auditLog.after}->>'name', ${auditLog.after}->>'reference', ${auditLog.after}->>'legalName',
  ${auditLog.after}->>'email', ${auditLog.after}->>'itemId',
  ${auditLog.before}->>'title', ${auditLog.before}->>'name', ${auditLog.before}->>'reference', ${auditLog.before}->>'legalName',
  ${auditLog.before}->>'email')`;

export async function dashboardSummary(
  tx: Tx,
  params: {
    organizationId: string;
    includeMembers: boolean;
    includeAudit: boolean;
    includeControls?: boolean;
    today?: string;
    /** The reader's language, for the frameworks' names. */
    locale?: string;
  },
) {
  const [tenantCount] = await tx.select({ value: count() }).from(tenants).where(eq(tenants.organizationId, params.organizationId));
  const [memberCount] = params.includeMembers
    ? await tx.select({ value: count() }).from(memberships).where(eq(memberships.organizationId, params.organizationId))
    : [];
  const recentChanges = params.includeAudit
    ? await tx
        .select({
          seq: auditLog.seq,
          action: auditLog.action,
          actorLabel: auditLog.actorLabel,
          createdAt: auditLog.createdAt,
          entityType: auditLog.entityType,
          entityId: auditLog.entityId,
          entityName: ENTITY_NAME,
        })
        .from(auditLog)
        .where(eq(auditLog.organizationId, params.organizationId))
        .orderBy(desc(auditLog.seq))
        .limit(5)
    : [];
  // Counted by effective status (app/controls/effective-status.ts), never by what was declared.
  const controls =
    params.includeControls && params.today
      ? await controlsOverview(tx, { organizationId: params.organizationId, today: params.today, locale: params.locale })
      : null;
  return { tenants: tenantCount?.value ?? 0, members: memberCount?.value ?? null, recentChanges, controls };
}

type ChangeEntry = { action: string; entityType: string; entityId: string; entityName: string | null };

/** Where each kind of entity is read, and the subject a reader must read to be shown its name and its page. */
const ENTITY_PLACES: Record<string, { subject: SubjectName; path: (id: string) => string | null }> = {
  tenant: { subject: "Tenant", path: (id) => `/settings/tenants/${id}` },
  membership: { subject: "Membership", path: (id) => `/settings/members/${id}` },
  invitation: { subject: "Invitation", path: () => "/settings/members" },
  api_token: { subject: "ApiToken", path: () => "/settings/tokens" },
  inventory_source: { subject: "Inventory", path: () => "/inventory" },
  evaluation_run: { subject: "Policy", path: () => "/policies/runs" },
  finding: { subject: "Finding", path: (id) => `/findings/${id}` },
  findings: { subject: "Finding", path: () => "/findings" },
  policy: { subject: "Policy", path: (id) => `/policies/${encodeURIComponent(id)}` },
  control: { subject: "Control", path: (id) => controlPathOf(id) },
  framework: { subject: "Control", path: (id) => `/controls?framework=${encodeURIComponent(id)}` },
  permit: { subject: "Permit", path: (id) => `/permits/${id}` },
  permits: { subject: "Permit", path: () => "/permits" },
  agreement: { subject: "Agreement", path: (id) => `/agreements/${id}` },
  agreements: { subject: "Agreement", path: () => "/agreements" },
  obligations: { subject: "Agreement", path: () => "/agreements" },
  counterparty: { subject: "Agreement", path: () => "/agreements/counterparties" },
  report: { subject: "Report", path: () => "/reports" },
  attestation: { subject: "Report", path: () => "/reports" },
  audit: { subject: "Audit", path: (id) => `/audits/${id}` },
  audit_log: { subject: "AuditLog", path: () => "/audit" },
};

/** A control's entity id is "framework:requirement". */
function controlPathOf(id: string): string | null {
  const [frameworkId, ...rest] = id.split(":");
  return frameworkId && rest.length ? controlPath(frameworkId, rest.join(":")) : null;
}

/** A stored name is text, or a translated title ({"en": …, "fr": …}) that ->> gives back as JSON. */
function localName(stored: string | null, locale: Locale): string | null {
  if (!stored?.startsWith("{")) return stored;
  try {
    const text = JSON.parse(stored) as Partial<Record<Locale, unknown>>;
    const name = text[locale] ?? text.en;
    return typeof name === "string" ? name : null;
  } catch {
    return stored;
  }
}

/** Kinds whose entity id is itself a name a reader knows (a policy's id, a source's name), when no field names it. */
const ID_IS_NAME = new Set(["policy", "inventory_source"]);

/**
 * What an entry changed, for a reader: the record's name and the page that shows it, each only when the reader's
 * role reads that kind of record (a compliance officer is not shown a member's e-mail address); no page after a
 * deletion. Unknown kinds get neither: the entity's type is still shown in words (AUDIT_ENTITY_LABEL).
 */
export function changedEntity(entry: ChangeEntry, ability: AppAbility, locale: Locale): { name: string | null; link: string | null } {
  const place = Object.hasOwn(ENTITY_PLACES, entry.entityType) ? ENTITY_PLACES[entry.entityType]! : null;
  if (!place || !ability.can("read", place.subject)) return { name: null, link: null };
  let name = localName(entry.entityName, locale) ?? (ID_IS_NAME.has(entry.entityType) ? entry.entityId : null);
  if (entry.entityType === "control" || entry.entityType === "framework") {
    const [frameworkId, ...rest] = entry.entityId.split(":");
    const framework = frameworkShortName(frameworkId ?? "", locale);
    // An evidence entry's name is its title; the requirement it proves is named beside it.
    name = rest.length ? `${rest.join(":")} (${framework})${name ? ` — ${name}` : ""}` : framework;
  }
  const deleted = /\.(delete|remove|revoke)$/.test(entry.action) && entry.entityType !== "audit";
  return { name, link: deleted ? null : place.path(entry.entityId) };
}
