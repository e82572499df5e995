import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { addAgreementDocument, listAgreementDocuments } from "../agreements/agreements.server";
import { recordObligationStatus, withObligationUpdates } from "../agreements/obligations.server";
import { actorOf, requirePermission, notFound, requireAuth, scoped, type Auth } from "../auth/auth.server";
import { assertCsrf } from "../auth/csrf.server";
import { readUpload, tooLarge } from "../files/upload.server";
import { DocumentsSection } from "../files/documents-section";
import { termDates, type AgreementContent } from "../agreements/content";
import { compareVersions } from "../agreements/compare";
import { changesFromPrevious, partyNames } from "../agreements/compare.server";
import { requireAgreement } from "../agreements/load-agreement.server";
import { VersionChanges } from "../agreements/version-changes";
import { subject } from "../auth/ability";
import { countryName } from "../i18n/countries";
import { pageTitle } from "../i18n/meta";
import { DateTime, useNumbers } from "../ui/format";
import { CsrfInput, FilterForm } from "../ui/forms";
import { PageHeader } from "../ui/layout";
import { ActorName, actorText } from "../audit/audit-code";
import { locationNames } from "../agreements/location-names";
import * as clock from "../config/clock";
import {
  AGREEMENT_TYPE_LABEL,
  DOCUMENT_KIND_LABEL,
  PARTY_KIND_LABEL,
  PARTY_ROLE_LABEL,
  RECURRENCE_LABEL,
  SIGNATURE_LABEL,
  SUB_PROCESSING_LABEL,
} from "../i18n/labels";
import { messageText } from "../i18n/keys";

const Query = z.object({
  version: z.coerce.number().int().min(1).optional().catch(undefined),
  from: z.coerce.number().int().min(1).optional().catch(undefined),
  to: z.coerce.number().int().min(1).optional().catch(undefined),
});

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const auth = await requireAuth(request, context);
  const query = Query.parse(Object.fromEntries(new URL(request.url).searchParams));
  return scoped(context, auth, async (tx) => {
    const { agreement, versions } = await requireAgreement(tx, auth, params.agreementId, "read");
    const shown = versions.find((v) => v.version === (query.version ?? agreement.currentVersion));
    if (!shown) throw notFound();
    const names = await partyNames(tx, { organizationId: auth.organization.id });
    const [effective] = await withObligationUpdates(tx, auth.organization.id, [
      { agreementId: agreement.id, version: shown.version, content: shown.content as AgreementContent },
    ]);
    const content = effective!.content;
    const from = versions.find((v) => v.version === query.from);
    const to = versions.find((v) => v.version === query.to);
    const history = changesFromPrevious(versions, names);
    return {
      agreement: { id: agreement.id, currentVersion: agreement.currentVersion },
      archived: agreement.archivedAt !== null,
      shown: { version: shown.version, note: shown.note, author: shown.authorLabel, createdAt: shown.createdAt },
      content,
      parties: content.parties.map((p) => ({ ...p, label: names(`${p.kind}:${p.id}`) })),
      dates: termDates(content.terms, clock.today()),
      versions: versions.map((v) => ({
        version: v.version,
        note: v.note,
        author: v.authorLabel,
        createdAt: v.createdAt,
        changes: history.get(v.version) ?? null,
      })),
      comparison:
        from && to
          ? {
              from: from.version,
              to: to.version,
              changes: compareVersions(from.content as AgreementContent, to.content as AgreementContent, names),
            }
          : null,
      canAmend: auth.ability.can("update", subject("Agreement", agreement)),
      canUpdateObligations:
        shown.version === agreement.currentVersion && !agreement.archivedAt && auth.ability.can("update", subject("Agreement", agreement)),
      documents: await listAgreementDocuments(tx, { organizationId: auth.organization.id, agreementId: agreement.id }),
    };
  });
}

const ObligationStatusForm = z.object({
  index: z.coerce.number().int().min(0).max(100),
  status: z.enum(["open", "done"], { error: "validation.required" }),
  note: z.string().trim().max(1000, { error: "validation.tooLong" }).default(""),
});

/** Marks an obligation of the current version done or open again, outside an amendment. */
async function obligationAction(formData: FormData, auth: Auth, agreementId: string | undefined, context: ActionFunctionArgs["context"]) {
  const parsed = ObligationStatusForm.safeParse({
    index: formData.get("index"),
    status: formData.get("status"),
    note: formData.get("note") ?? "",
  });
  if (!parsed.success) return data({ error: parsed.error.issues[0]!.message, form: "obligation" as const }, { status: 400 });
  const done = await scoped(context, auth, async (tx) => {
    const { agreement, versions } = await requireAgreement(tx, auth, agreementId, "update");
    if (agreement.archivedAt) return null;
    const current = versions.find((v) => v.version === agreement.currentVersion)!;
    return recordObligationStatus(tx, {
      organizationId: auth.organization.id,
      actor: actorOf(auth),
      agreementId: agreement.id,
      version: current.version,
      content: current.content as AgreementContent,
      ...parsed.data,
    });
  });
  if (!done) return data({ error: "agreements.obligationMissing", form: "obligation" as const }, { status: 409 });
  return { error: null, form: "obligation" as const };
}

const DocumentForm = z.object({ kind: z.enum(["signed", "annex"]), title: z.string().trim().min(1).max(300) });

/** Attaches the signed PDF (a PDF, read from its bytes) or an annex to the current version. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const auth = await requireAuth(request, context);
  requirePermission(auth, "update", "Agreement");
  if (tooLarge(request)) return data({ error: "controls.fileTooLarge", form: "document" as const }, { status: 413 });
  const formData = await request.formData();
  assertCsrf(request, formData);
  // Another organisation's (or an unknown) agreement is not found, whatever the form says.
  await scoped(context, auth, (tx) => requireAgreement(tx, auth, params.agreementId, "update"));
  if (formData.get("intent") === "obligation") return obligationAction(formData, auth, params.agreementId, context);
  const fields = DocumentForm.safeParse({ kind: formData.get("kind"), title: formData.get("title") });
  if (!fields.success) return data({ error: "agreements.documentTitleRequired", form: "document" as const }, { status: 400 });
  const read = await readUpload(formData, "file", { pdfOnly: fields.data.kind === "signed" });
  if ("error" in read) return data({ error: read.error, form: "document" as const }, { status: 400 });
  const added = await scoped(context, auth, async (tx) => {
    const { agreement } = await requireAgreement(tx, auth, params.agreementId, "update");
    return addAgreementDocument(tx, {
      organizationId: auth.organization.id,
      actor: actorOf(auth),
      agreementId: agreement.id,
      ...fields.data,
      upload: read.upload,
    });
  });
  if (!added) throw notFound();
  return { error: null, form: "document" as const };
}

/** A refused obligation status change, shown beside the obligations rather than with the documents. */
function ObligationError() {
  const { t } = useTranslation();
  const actionData = useActionData<typeof action>();
  if (actionData?.form !== "obligation" || !actionData.error) return null;
  return (
    <p className="alert alert-error" role="alert">
      {messageText(t, actionData.error)}
    </p>
  );
}

function Documents() {
  const { t } = useTranslation();
  const { documents, canAmend } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <DocumentsSection
      documents={documents.map((d) => ({ ...d, detail: `${t(DOCUMENT_KIND_LABEL[d.kind])} · v${d.version}` }))}
      downloadPath={(id) => `/agreements/documents/${id}`}
      canUpload={canAmend}
      error={actionData?.form === "document" ? actionData.error : null}
      fileLabel={t("agreements.documentFile")}
      submitLabel={t("agreements.attach")}
    >
      <div className="field">
        <label htmlFor="document-kind">{t("agreements.documentKind")}</label>
        <select id="document-kind" name="kind" defaultValue="signed">
          <option value="signed">{t("agreements.documentKinds.signed")}</option>
          <option value="annex">{t("agreements.documentKinds.annex")}</option>
        </select>
      </div>
    </DocumentsSection>
  );
}

function Value({ v }: { v: unknown }) {
  return <>{v === null || v === undefined || v === "" ? "—" : String(v)}</>;
}

/** A figure of the agreement in the reader's notation (app/ui/numbers.ts), or "—" when the agreement does not say. */
function Figure({ v, show }: { v: number | null | undefined; show: (v: number) => string }) {
  return <>{v === null || v === undefined ? "—" : show(v)}</>;
}

export default function AgreementPage() {
  const { t, i18n } = useTranslation();
  const n = useNumbers();
  const { agreement, shown, content, parties, dates, versions, comparison, canAmend, archived, canUpdateObligations } =
    useLoaderData<typeof loader>();
  const c = content.clauses;
  const isCurrent = shown.version === agreement.currentVersion;
  return (
    <>
      <PageHeader
        title={content.title}
        description={`${t(AGREEMENT_TYPE_LABEL[content.type])} · v${shown.version}${isCurrent ? "" : ` (${t("agreements.notCurrent")})`}`}
        actions={
          canAmend && !archived ? (
            <>
              <Link to="amend" className="button primary">
                {t("agreements.amend")}
              </Link>
              <Link to="archive" className="button danger">
                {t("permits.archive")}
              </Link>
            </>
          ) : undefined
        }
      />
      {archived ? <p className="alert alert-info">{t("agreements.archivedNotice")}</p> : null}
      <section aria-labelledby="parties">
        <h2 id="parties">{t("agreements.fields.parties")}</h2>
        <table className="table">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">{t("agreements.party")}</th>
              <th scope="col">{t("agreements.roleHeader")}</th>
              <th scope="col">{t("agreements.signatoryHeader")}</th>
              <th scope="col">{t("agreements.signatureHeader")}</th>
            </tr>
          </thead>
          <tbody>
            {parties.map((p, i) => (
              <tr key={`${p.kind}:${p.id}`}>
                <td>{i + 1}</td>
                <td>
                  {p.label ?? t("agreements.changes.formerParty")} <span className="muted">({t(PARTY_KIND_LABEL[p.kind])})</span>
                </td>
                <td>{t(PARTY_ROLE_LABEL[p.role])}</td>
                <td>{p.signatory ?? "—"}</td>
                <td>{t(SIGNATURE_LABEL[p.signature])}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <div className="diff-grid">
        <section aria-labelledby="terms">
          <h2 id="terms">{t("agreements.fields.terms")}</h2>
          <dl className="details">
            <dt>{t("agreements.fields.effectiveDate")}</dt>
            <dd>{content.terms.effectiveDate}</dd>
            <dt>{t("agreements.fields.termMonths")}</dt>
            <dd>
              <Figure v={content.terms.termMonths} show={n.number} />
              {content.terms.autoRenew
                ? ` · ${t("agreements.autoRenews", { months: content.terms.renewalTermMonths ?? content.terms.termMonths })}`
                : ""}
            </dd>
            <dt>{t("agreements.endsOn")}</dt>
            <dd>{dates.endsOn ?? t("agreements.openEnded")}</dd>
            <dt>{t("agreements.noticeBy")}</dt>
            <dd>{dates.noticeBy ?? "—"}</dd>
            <dt>{t("agreements.fields.governingLaw")}</dt>
            <dd>{countryName(content.terms.governingLaw, i18n.language)}</dd>
            <dt>{t("agreements.fields.value")}</dt>
            <dd>
              <Figure v={content.terms.value} show={(v) => n.money(v, content.terms.currency)} />
            </dd>
          </dl>
        </section>
        <section aria-labelledby="clauses">
          <h2 id="clauses">{t("agreements.fields.clauses")}</h2>
          <dl className="details">
            <dt>{t("agreements.fields.dataLocation")}</dt>
            <dd>{c.dataLocation ? locationNames(t, c.dataLocation, i18n.language) : t("agreements.fields.notSaid")}</dd>
            <dt>{t("agreements.capacity")}</dt>
            <dd>
              {c.capacity
                ? [
                    c.capacity.mw !== null ? n.quantity(c.capacity.mw, "MW") : null,
                    c.capacity.racks !== null ? t("agreements.racks", { count: c.capacity.racks }) : null,
                    c.capacity.gpus !== null ? n.quantity(c.capacity.gpus, "GPU") : null,
                  ]
                    .filter(Boolean)
                    .join(" · ")
                : "—"}
            </dd>
            <dt>{t("agreements.fields.slaAvailability")}</dt>
            <dd>
              {/* Entered as a percentage (99.95): three decimals for five nines, never rounded up to 100 %. */}
              <Figure v={c.slaAvailability} show={(v) => n.percent(v / 100, 3)} />
            </dd>
            <dt>{t("agreements.fields.breachNotificationHours")}</dt>
            <dd>
              <Figure v={c.breachNotificationHours} show={(v) => n.quantity(v, "h")} />
            </dd>
            <dt>{t("agreements.fields.subProcessing")}</dt>
            <dd>{c.subProcessing ? t(SUB_PROCESSING_LABEL[c.subProcessing]) : "—"}</dd>
            <dt>{t("agreements.fields.liabilityCap")}</dt>
            <dd>
              <Figure v={c.liabilityCap} show={(v) => n.money(v, content.terms.currency)} />
            </dd>
            <dt>{t("agreements.fields.confidentialityYears")}</dt>
            <dd>
              <Figure v={c.confidentialityYears} show={n.number} />
            </dd>
            <dt>{t("agreements.fields.ipOwnership")}</dt>
            <dd>
              <Value v={c.ipOwnership} />
            </dd>
            <dt>{t("agreements.fields.freeClauses")}</dt>
            <dd className="wrap">
              <Value v={c.free} />
            </dd>
          </dl>
        </section>
      </div>
      <section aria-labelledby="obligations">
        <h2 id="obligations">{t("agreements.fields.obligations")}</h2>
        <ObligationError />
        {content.obligations.length === 0 ? (
          <p className="muted">{t("agreements.noObligations")}</p>
        ) : (
          <ul className="plain-list">
            {content.obligations.map((o, i) => (
              <li key={i}>
                <strong>{parties[o.party]?.label ?? t("agreements.changes.formerParty")}</strong>: {o.text} · {o.dueOn ?? "—"} ·{" "}
                {t(RECURRENCE_LABEL[o.recurrence])} · {o.status === "done" ? t("agreements.done") : t("agreements.open")}
                {o.owner ? ` · ${o.owner}` : ""}
                {o.lastUpdate ? (
                  <span className="muted">
                    {" "}
                    · {t("agreements.obligationUpdated", { author: actorText(t, o.lastUpdate.author) })}{" "}
                    <DateTime value={o.lastUpdate.at} />
                    {o.lastUpdate.note ? (
                      <>
                        {" "}
                        — <q>{o.lastUpdate.note}</q>
                      </>
                    ) : null}
                  </span>
                ) : null}
                {canUpdateObligations ? (
                  <Form method="post" className="inline-form obligation-form">
                    <CsrfInput />
                    <input type="hidden" name="intent" value="obligation" />
                    <input type="hidden" name="index" value={i} />
                    <input type="hidden" name="status" value={o.status === "done" ? "open" : "done"} />
                    <label className="visually-hidden" htmlFor={`obligation-note-${i}`}>
                      {t("agreements.obligationNote", { text: o.text })}
                    </label>
                    <input
                      id={`obligation-note-${i}`}
                      name="note"
                      placeholder={t("agreements.obligationNotePlaceholder")}
                      maxLength={1000}
                    />
                    <button type="submit" className="link-button">
                      {o.status === "done" ? t("agreements.reopenObligation") : t("agreements.markDone")}
                    </button>
                  </Form>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </section>
      <Documents />
      <section aria-labelledby="versions">
        <h2 id="versions">{t("agreements.versions")}</h2>
        <ol className="timeline version-history" reversed start={versions.length}>
          {versions.map((v) => (
            <li key={v.version}>
              <Link to={`?version=${v.version}`}>v{v.version}</Link> · <DateTime value={v.createdAt} /> · <ActorName label={v.author} />
              {v.note ? ` · ${v.note}` : ""}
              {v.changes === null ? (
                <p className="muted">{t("agreements.history.first")}</p>
              ) : v.changes.length === 0 ? (
                <p className="muted">{t("agreements.history.noChange", { version: v.version - 1 })}</p>
              ) : (
                <details open={v.version === agreement.currentVersion}>
                  <summary>{t("agreements.history.changesFromPrevious", { count: v.changes.length, version: v.version - 1 })}</summary>
                  <VersionChanges changes={v.changes} />
                </details>
              )}
            </li>
          ))}
        </ol>
        {versions.length > 1 ? (
          <FilterForm preventScrollReset>
            <div className="field">
              <label htmlFor="cmp-from">{t("agreements.compareFrom")}</label>
              <select id="cmp-from" name="from" defaultValue={comparison?.from ?? versions[1]!.version}>
                {versions.map((v) => (
                  <option key={v.version} value={v.version}>
                    v{v.version}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="cmp-to">{t("agreements.compareTo")}</label>
              <select id="cmp-to" name="to" defaultValue={comparison?.to ?? versions[0]!.version}>
                {versions.map((v) => (
                  <option key={v.version} value={v.version}>
                    v{v.version}
                  </option>
                ))}
              </select>
            </div>
            <button type="submit" className="button">
              {t("agreements.compare")}
            </button>
          </FilterForm>
        ) : null}
        {comparison ? (
          <section aria-labelledby="comparison" className="comparison">
            <h3 id="comparison">{t("agreements.changesBetween", { from: comparison.from, to: comparison.to })}</h3>
            {comparison.changes.length > 0 ? (
              <p className="muted">{t("agreements.changes.count", { count: comparison.changes.length })}</p>
            ) : null}
            <VersionChanges changes={comparison.changes} headingLevel={4} />
          </section>
        ) : null}
      </section>
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "nav.agreements");

export { GeneralErrorBoundary as ErrorBoundary } from "../ui/error-boundary";
