import { and, asc, desc, eq, gt, ilike, isNull, lte, or, sql } from "drizzle-orm";
import { enqueueChange } from "../policy-engine/triggers.server";
import { containsPattern } from "../../db/like";
import { rowsOf, type Tx } from "../../db/connection.server";
import {
  agreementDocuments,
  agreements,
  agreementVersions,
  counterparties,
  organizations,
  residencyEntries,
  tenants,
  type Agreement,
  type AgreementType,
} from "../../db/schema";
import { storeUpload, withFile } from "../files/file-store.server";
import { recordAudit } from "../audit/audit.server";
import type { Actor } from "../auth/auth.server";
import type { Outcome } from "../tenants/tenants.server";
import { contentOf, type AgreementContent, type AgreementForm } from "./content";
import { expandLocations, intersectLocations } from "./locations";
import { parseSubProcessors, type CounterpartyInput } from "./counterparty-schema";
import { withObligationUpdates } from "./obligations.server";
import * as clock from "../config/clock";
import type { Sort } from "../ui/sort";
import { orderBy } from "../ui/sort.server";

type OrgParams = { organizationId: string };

/** Everyone who can be a party: the organisation itself, its tenants and its counterparties. */
export async function partyChoices(tx: Tx, params: OrgParams) {
  const [org] = await tx
    .select({ id: organizations.id, name: organizations.name })
    .from(organizations)
    .where(eq(organizations.id, params.organizationId));
  const tenantRows = await tx
    .select({ id: tenants.id, name: tenants.legalName })
    .from(tenants)
    .where(eq(tenants.organizationId, params.organizationId))
    .orderBy(asc(tenants.legalName));
  const others = await tx
    .select({ id: counterparties.id, name: counterparties.name, archivedAt: counterparties.archivedAt })
    .from(counterparties)
    .where(eq(counterparties.organizationId, params.organizationId))
    .orderBy(asc(counterparties.name));
  return [
    ...(org ? [{ ref: `organization:${org.id}`, label: org.name, kind: "organization" as const }] : []),
    ...tenantRows.map((t) => ({ ref: `tenant:${t.id}`, label: t.name, kind: "tenant" as const })),
    ...others.map((c) => ({ ref: `counterparty:${c.id}`, label: c.name, kind: "counterparty" as const, archived: c.archivedAt !== null })),
  ];
}

/** Archives (or restores) a counterparty: agreements that name it keep it; new agreements no longer offer it. */
export async function setCounterpartyArchived(tx: Tx, params: OrgParams & { actor: Actor; counterpartyId: string; archived: boolean }) {
  const [before] = await tx
    .select()
    .from(counterparties)
    .where(and(eq(counterparties.organizationId, params.organizationId), eq(counterparties.id, params.counterpartyId)));
  if (!before) return null;
  const [after] = await tx
    .update(counterparties)
    .set({ archivedAt: params.archived ? clock.now() : null, updatedAt: clock.now() })
    .where(eq(counterparties.id, before.id))
    .returning();
  await recordAudit(tx, {
    organizationId: params.organizationId,
    actor: params.actor,
    action: params.archived ? "counterparty.archive" : "counterparty.restore",
    entityType: "counterparty",
    entityId: before.id,
    before,
    after,
  });
  return after ?? null;
}

export type AgreementFilters = { type?: AgreementType | undefined; q?: string | undefined; includeArchived?: boolean };

/** Columns the database sorts; the dates derived from the terms (end, notice) are sorted by the caller. */
export type AgreementSqlSort = Sort<"title" | "type">;

/** An agreement whose title, or one of whose parties' names (operator, tenant, counterparty), contains `q`. */
function matches(q: string) {
  const pattern = containsPattern(q);
  return or(
    ilike(agreements.title, pattern),
    sql`exists (
      select 1 from jsonb_array_elements(${agreementVersions.content}->'parties') as party
      where party->>'id' in (
        select id::text from ${tenants} where ${tenants.organizationId} = ${agreements.organizationId} and ${tenants.legalName} ilike ${pattern}
        union all
        select id::text from ${counterparties} where ${counterparties.organizationId} = ${agreements.organizationId} and ${counterparties.name} ilike ${pattern}
        union all
        select id::text from ${organizations} where ${organizations.id} = ${agreements.organizationId} and ${organizations.name} ilike ${pattern}
      ))`,
  );
}

export async function listAgreements(tx: Tx, params: OrgParams & { filters?: AgreementFilters; sort?: AgreementSqlSort }) {
  const f = params.filters ?? {};
  const rows = await tx
    .select({ agreement: agreements, content: agreementVersions.content })
    .from(agreements)
    .innerJoin(
      agreementVersions,
      and(eq(agreementVersions.agreementId, agreements.id), eq(agreementVersions.version, agreements.currentVersion)),
    )
    .where(
      and(
        eq(agreements.organizationId, params.organizationId),
        f.includeArchived ? undefined : isNull(agreements.archivedAt),
        f.type ? eq(agreements.type, f.type) : undefined,
        f.q ? matches(f.q) : undefined,
      ),
    )
    .orderBy(
      ...orderBy(params.sort ?? { column: "title", direction: "asc" }, { title: agreements.title, type: agreements.type }, agreements.id),
    );
  const current = await withObligationUpdates(
    tx,
    params.organizationId,
    rows.map((r) => ({ agreementId: r.agreement.id, version: r.agreement.currentVersion, content: r.content as AgreementContent, row: r })),
  );
  return current.map((c) => ({ agreement: c.row.agreement, content: c.content as Record<string, unknown> }));
}

export async function getAgreement(tx: Tx, params: OrgParams & { agreementId: string }) {
  const [agreement] = await tx
    .select()
    .from(agreements)
    .where(and(eq(agreements.organizationId, params.organizationId), eq(agreements.id, params.agreementId)));
  if (!agreement) return null;
  const versions = await tx
    .select()
    .from(agreementVersions)
    .where(and(eq(agreementVersions.organizationId, params.organizationId), eq(agreementVersions.agreementId, agreement.id)))
    .orderBy(desc(agreementVersions.version));
  return { agreement, versions };
}

async function unknownParties(tx: Tx, organizationId: string, content: AgreementContent) {
  const choices = new Set((await partyChoices(tx, { organizationId })).map((c) => c.ref));
  return content.parties.map((p, i) => ({ i, ok: choices.has(`${p.kind}:${p.id}`) })).filter((p) => !p.ok);
}

const tenantIdsOf = (content: AgreementContent) => content.parties.filter((p) => p.kind === "tenant").map((p) => p.id);

type ContentOrForm = { form: AgreementForm; content?: never; note?: never } | { content: AgreementContent; note?: string; form?: never };
const contentFrom = (p: ContentOrForm) => (p.form ? contentOf(p.form) : p.content!);
const noteFrom = (p: ContentOrForm) => (p.form ? (p.form.note ?? "") : (p.note ?? ""));

export async function createAgreement(tx: Tx, params: OrgParams & { actor: Actor } & ContentOrForm): Promise<Outcome<Agreement>> {
  const content = contentFrom(params);
  const unknown = await unknownParties(tx, params.organizationId, content);
  if (unknown.length)
    return { ok: false, fieldErrors: Object.fromEntries(unknown.map((u) => [`parties[${u.i}].ref`, ["agreements.partyRequired"]])) };
  const [agreement] = await tx
    .insert(agreements)
    .values({
      organizationId: params.organizationId,
      title: content.title,
      type: content.type,
      currentVersion: 1,
      tenantIds: tenantIdsOf(content),
    })
    .returning();
  if (!agreement) throw new Error("Agreement was not created");
  await tx.insert(agreementVersions).values({
    organizationId: params.organizationId,
    agreementId: agreement.id,
    version: 1,
    content,
    note: noteFrom(params),
    authorUserId: params.actor.userId,
    authorLabel: params.actor.label,
  });
  await enqueueChange(tx, params.organizationId, "agreement", agreement.id, "agreement created");
  await recordAudit(tx, {
    organizationId: params.organizationId,
    actor: params.actor,
    action: "agreement.create",
    entityType: "agreement",
    entityId: agreement.id,
    after: content,
  });
  return { ok: true, value: agreement };
}

/** An amendment: the next version, the previous ones kept as they were. */
export async function amendAgreement(
  tx: Tx,
  params: OrgParams & { actor: Actor; agreementId: string } & ContentOrForm,
): Promise<Outcome<Agreement> | null> {
  const found = await getAgreement(tx, params);
  if (!found) return null;
  const content = contentFrom(params);
  const unknown = await unknownParties(tx, params.organizationId, content);
  if (unknown.length)
    return { ok: false, fieldErrors: Object.fromEntries(unknown.map((u) => [`parties[${u.i}].ref`, ["agreements.partyRequired"]])) };
  const version = found.agreement.currentVersion + 1;
  await tx.insert(agreementVersions).values({
    organizationId: params.organizationId,
    agreementId: found.agreement.id,
    version,
    content,
    note: noteFrom(params),
    authorUserId: params.actor.userId,
    authorLabel: params.actor.label,
  });
  const [agreement] = await tx
    .update(agreements)
    .set({ title: content.title, type: content.type, currentVersion: version, tenantIds: tenantIdsOf(content), updatedAt: clock.now() })
    .where(eq(agreements.id, found.agreement.id))
    .returning();
  await enqueueChange(tx, params.organizationId, "agreement", found.agreement.id, "agreement amended");
  // Tenants that were parties before the amendment are re-checked too.
  for (const tenantId of found.agreement.tenantIds) await enqueueChange(tx, params.organizationId, "tenant", tenantId, "agreement amended");
  await recordAudit(tx, {
    organizationId: params.organizationId,
    actor: params.actor,
    action: "agreement.amend",
    entityType: "agreement",
    entityId: found.agreement.id,
    before: found.versions[0]?.content,
    after: content,
  });
  return { ok: true, value: agreement! };
}

export async function createCounterparty(
  tx: Tx,
  params: OrgParams & {
    actor: Actor;
    values: {
      name: string;
      registrationCountry: string;
      headquartersCountry: string;
      subProcessors?: { name: string; country: string; access: string }[];
    };
  },
) {
  const [row] = await tx
    .insert(counterparties)
    .values({ organizationId: params.organizationId, ...params.values })
    .returning();
  if (!row) throw new Error("Counterparty was not created");
  await recordAudit(tx, {
    organizationId: params.organizationId,
    actor: params.actor,
    action: "counterparty.create",
    entityType: "counterparty",
    entityId: row.id,
    after: row,
  });
  return row;
}

export type ResidencyEntry = {
  allowed: string[];
  source: "agreement" | "default" | "manual";
  agreementId?: string;
  title?: string;
  version?: number;
  entryId?: string;
  justification?: string;
  author?: string;
  createdAt?: Date;
};

/**
 * Where a tenant's data may be stored and processed at an instant (now by default): what every data-location clause
 * of the agreements it was party to then allows, each in its version of then (the EEA when none says anything), plus
 * the locations added by hand with a justification and not removed by then. Each entry keeps its provenance.
 */
export async function residencyProfile(tx: Tx, params: OrgParams & { tenantId: string; at?: Date }) {
  const instant = params.at ?? clock.now();
  const at = instant.toISOString();
  const parties = JSON.stringify([{ kind: "tenant", id: params.tenantId }]);
  const rows = rowsOf<{ id: string; title: string; version: number; content: AgreementContent }>(
    await tx.execute(sql`
      select * from (
        select distinct on (a.id) a.id, a.title, v.version, v.content
        from agreements a join agreement_versions v on v.agreement_id = a.id and v.created_at <= ${at}::timestamptz
        where a.organization_id = ${params.organizationId} and (a.archived_at is null or a.archived_at > ${at}::timestamptz)
          and a.id in (select agreement_id from agreement_versions where organization_id = ${params.organizationId} and content->'parties' @> ${parties}::jsonb)
        order by a.id, v.version desc
      ) as then_current
      -- The tenant's agreements then: those whose version of then names it among the parties.
      where content->'parties' @> ${parties}::jsonb`),
  );
  const fromAgreements: ResidencyEntry[] = rows
    .sort((a, b) => a.title.localeCompare(b.title) || a.id.localeCompare(b.id))
    .flatMap((r) => {
      const allowed = r.content.clauses.dataLocation;
      return allowed?.length ? [{ allowed, source: "agreement" as const, agreementId: r.id, title: r.title, version: r.version }] : [];
    });
  if (fromAgreements.length === 0) fromAgreements.push({ allowed: ["EEA"], source: "default" });
  const manual = await tx
    .select()
    .from(residencyEntries)
    .where(
      and(
        eq(residencyEntries.organizationId, params.organizationId),
        eq(residencyEntries.tenantId, params.tenantId),
        lte(residencyEntries.createdAt, instant),
        or(isNull(residencyEntries.removedAt), gt(residencyEntries.removedAt, instant)),
      ),
    )
    .orderBy(asc(residencyEntries.createdAt));
  const manualEntries: ResidencyEntry[] = manual.map((m) => ({
    allowed: m.allowed,
    source: "manual",
    entryId: m.id,
    justification: m.justification,
    author: m.authorLabel,
    createdAt: m.createdAt,
  }));
  const agreed = intersectLocations(fromAgreements.map((e) => e.allowed));
  const added = [...expandLocations(manualEntries.flatMap((e) => e.allowed))];
  return { entries: [...fromAgreements, ...manualEntries], allowedCountries: [...new Set([...agreed, ...added])].sort() };
}

export async function addResidencyEntry(
  tx: Tx,
  params: OrgParams & { actor: Actor; tenantId: string; allowed: string[]; justification: string },
) {
  const [tenant] = await tx
    .select({ id: tenants.id })
    .from(tenants)
    .where(and(eq(tenants.organizationId, params.organizationId), eq(tenants.id, params.tenantId)));
  if (!tenant) return null;
  const [entry] = await tx
    .insert(residencyEntries)
    .values({
      organizationId: params.organizationId,
      tenantId: tenant.id,
      allowed: params.allowed,
      justification: params.justification,
      authorLabel: params.actor.label,
    })
    .returning();
  await enqueueChange(tx, params.organizationId, "tenant", tenant.id, "residency entry added");
  await recordAudit(tx, {
    organizationId: params.organizationId,
    actor: params.actor,
    action: "residency.add",
    entityType: "tenant",
    entityId: tenant.id,
    after: entry,
  });
  return entry ?? null;
}

export async function removeResidencyEntry(tx: Tx, params: OrgParams & { actor: Actor; tenantId: string; entryId: string }) {
  const [entry] = await tx
    .update(residencyEntries)
    .set({ removedAt: clock.now() })
    .where(
      and(
        eq(residencyEntries.organizationId, params.organizationId),
        eq(residencyEntries.tenantId, params.tenantId),
        eq(residencyEntries.id, params.entryId),
        isNull(residencyEntries.removedAt),
      ),
    )
    .returning();
  if (!entry) return null;
  await enqueueChange(tx, params.organizationId, "tenant", params.tenantId, "residency entry removed");
  await recordAudit(tx, {
    organizationId: params.organizationId,
    actor: params.actor,
    action: "residency.remove",
    entityType: "tenant",
    entityId: params.tenantId,
    before: { ...entry, removedAt: null },
    after: entry,
  });
  return entry;
}

export async function listCounterparties(tx: Tx, params: OrgParams) {
  return tx.select().from(counterparties).where(eq(counterparties.organizationId, params.organizationId)).orderBy(asc(counterparties.name));
}

/** Creates (no id) or updates a counterparty; a duplicate name is refused on the field. */
export async function saveCounterparty(
  tx: Tx,
  params: OrgParams & { actor: Actor; counterpartyId?: string; input: CounterpartyInput },
): Promise<Outcome<true> | null> {
  const values = {
    name: params.input.name,
    registrationCountry: params.input.registrationCountry,
    headquartersCountry: params.input.headquartersCountry,
    subProcessors: parseSubProcessors(params.input.subProcessors),
  };
  const [clash] = await tx
    .select({ id: counterparties.id })
    .from(counterparties)
    .where(and(eq(counterparties.organizationId, params.organizationId), eq(counterparties.name, values.name)));
  if (clash && clash.id !== params.counterpartyId) return { ok: false, fieldErrors: { name: ["counterparties.nameTaken"] } };
  if (!params.counterpartyId) {
    await createCounterparty(tx, { organizationId: params.organizationId, actor: params.actor, values });
    return { ok: true, value: true };
  }
  const [before] = await tx
    .select()
    .from(counterparties)
    .where(and(eq(counterparties.organizationId, params.organizationId), eq(counterparties.id, params.counterpartyId)));
  if (!before) return null;
  const [after] = await tx
    .update(counterparties)
    .set({ ...values, updatedAt: clock.now() })
    .where(eq(counterparties.id, before.id))
    .returning();
  // Headquarters and sub-processors feed every tenant whose agreements name this counterparty: re-check all.
  await enqueueChange(tx, params.organizationId, "organization", params.organizationId, "counterparty updated");
  await recordAudit(tx, {
    organizationId: params.organizationId,
    actor: params.actor,
    action: "counterparty.update",
    entityType: "counterparty",
    entityId: before.id,
    before,
    after,
  });
  return { ok: true, value: true };
}

export async function listAgreementDocuments(tx: Tx, params: OrgParams & { agreementId: string }) {
  return tx
    .select()
    .from(agreementDocuments)
    .where(and(eq(agreementDocuments.organizationId, params.organizationId), eq(agreementDocuments.agreementId, params.agreementId)))
    .orderBy(desc(agreementDocuments.version), asc(agreementDocuments.kind), asc(agreementDocuments.title));
}

/** Attaches the signed document or an annex to the agreement's current version. */
export async function addAgreementDocument(
  tx: Tx,
  params: OrgParams & {
    actor: Actor;
    agreementId: string;
    kind: "signed" | "annex";
    title: string;
    upload: { bytes: Buffer; fileName: string; contentType: string };
  },
) {
  const found = await getAgreement(tx, params);
  if (!found) return null;
  const stored = await storeUpload(tx, { organizationId: params.organizationId, upload: params.upload, authorLabel: params.actor.label });
  const [document] = await tx
    .insert(agreementDocuments)
    .values({
      organizationId: params.organizationId,
      agreementId: found.agreement.id,
      version: found.agreement.currentVersion,
      kind: params.kind,
      title: params.title,
      ...stored,
    })
    .returning();
  await recordAudit(tx, {
    organizationId: params.organizationId,
    actor: params.actor,
    action: "agreement.document",
    entityType: "agreement",
    entityId: found.agreement.id,
    after: document,
  });
  return document ?? null;
}

export async function agreementDocument(tx: Tx, params: OrgParams & { documentId: string }) {
  const [document] = await tx
    .select()
    .from(agreementDocuments)
    .where(and(eq(agreementDocuments.organizationId, params.organizationId), eq(agreementDocuments.id, params.documentId)));
  return withFile(tx, params.organizationId, document);
}

/** Takes an agreement out of the active register (ended, terminated); its versions and documents stay. */
export async function archiveAgreement(tx: Tx, params: OrgParams & { actor: Actor; agreementId: string }) {
  const [agreement] = await tx
    .update(agreements)
    .set({ archivedAt: clock.now(), updatedAt: clock.now() })
    .where(and(eq(agreements.organizationId, params.organizationId), eq(agreements.id, params.agreementId), isNull(agreements.archivedAt)))
    .returning();
  if (!agreement) return null;
  await enqueueChange(tx, params.organizationId, "agreement", agreement.id, "agreement archived");
  await recordAudit(tx, {
    organizationId: params.organizationId,
    actor: params.actor,
    action: "agreement.archive",
    entityType: "agreement",
    entityId: agreement.id,
    after: { archivedAt: agreement.archivedAt },
  });
  return agreement;
}
