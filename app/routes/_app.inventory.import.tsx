import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { kickEvaluation } from "../policy-engine/worker.server";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { actorOf, requireAuth, requirePermission, scoped } from "../auth/auth.server";
import { assertCsrf } from "../auth/csrf.server";
import { pageTitle } from "../i18n/meta";
import type { Db } from "../../db/connection.server";
import { importCsv, previewCsvImport, reviewOf, type CsvImport } from "../inventory/csv-import.server";
import type { IngestError } from "../inventory/ingest-schema";
import type { FieldChange } from "../inventory/patch";
import {
  CLEAR_MARKER,
  columnOf,
  ConfirmPayloadSchema,
  ImportFieldsSchema,
  jsonOf,
  locateError,
  MAX_CSV_BYTES,
  type ConfirmPayload,
  type ImportFields,
  type ImportReview,
} from "../inventory/import-form";
import { ASSET_KINDS } from "../inventory/kinds";
import { CsrfInput } from "../ui/forms";
import { PageHeader } from "../ui/layout";
import { ASSET_KIND_LABEL } from "../i18n/labels";
import { messageText } from "../i18n/keys";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const auth = await requireAuth(request, context);
  requirePermission(auth, "create", "Inventory");
  return null;
}

type FieldErrors = Partial<Record<"kind" | "source" | "mode" | "file", string>>;
/** A snapshot that deletes most (or all) of its source: the confirmation shows the count and needs a tick. */
type MassDelete = { wouldDelete: number; live: number; source: string; tickMissing: boolean };
type ActionResult =
  | { stage: "fields"; fieldErrors: FieldErrors }
  | {
      stage: "preview";
      errors: IngestError[];
      review: ImportReview | null;
      payload: string | null;
      rows: number;
      fileName: string;
      massDelete?: MassDelete;
      /** The inventory changed between the preview and its confirmation: this is a new preview. */
      stale?: boolean;
    }
  | { stage: "done"; counts: ImportReview["counts"]; rows: number };

function fieldsFrom(formData: FormData) {
  return ImportFieldsSchema.safeParse({ kind: formData.get("kind"), source: formData.get("source"), mode: formData.get("mode") });
}

/** The uploaded file and its fields, or the field errors to show. */
async function uploaded(formData: FormData): Promise<{ fields: ImportFields; csv: string; fileName: string } | FieldErrors> {
  const fields = fieldsFrom(formData);
  const file = formData.get("file");
  const fieldErrors: FieldErrors = {};
  if (!fields.success) for (const issue of fields.error.issues) fieldErrors[issue.path[0] as keyof FieldErrors] = issue.message;
  if (!(file instanceof File) || file.size === 0) fieldErrors.file = "inventory.import.fileRequired";
  else if (file.size > MAX_CSV_BYTES) fieldErrors.file = "inventory.import.fileTooLarge";
  if (!fields.success || Object.keys(fieldErrors).length > 0) return fieldErrors;
  return { fields: fields.data, csv: await (file as File).text(), fileName: (file as File).name };
}

/**
 * The dry run as the page shows it. A snapshot refused for deleting too much is run again as confirmed, so that the
 * page shows what the confirmed import would do, beside the tick that confirms it.
 */
async function previewResult(
  db: Db,
  input: Omit<CsvImport, "confirmMassDelete" | "expectedFingerprint">,
  fileName: string,
  flags: { tickMissing?: boolean; stale?: boolean } = {},
): Promise<ActionResult> {
  let { rows, outcome } = await previewCsvImport(db, input);
  let massDelete: MassDelete | undefined;
  if (!outcome.ok && outcome.massDelete) {
    massDelete = { ...outcome.massDelete, source: input.source, tickMissing: flags.tickMissing === true };
    ({ rows, outcome } = await previewCsvImport(db, { ...input, confirmMassDelete: true }));
  }
  const base = { rows, fileName, ...(flags.stale ? { stale: true } : {}) };
  if (!outcome.ok) return { stage: "preview", errors: outcome.errors, review: null, payload: null, ...base };
  const payload: ConfirmPayload = {
    kind: input.kind,
    source: input.source,
    mode: input.mode,
    csv: input.csv,
    fingerprint: outcome.fingerprint,
  };
  return {
    stage: "preview",
    errors: [],
    review: reviewOf(outcome),
    payload: JSON.stringify(payload),
    ...base,
    ...(massDelete ? { massDelete } : {}),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const auth = await requireAuth(request, context);
  requirePermission(auth, "create", "Inventory");
  if (Number(request.headers.get("Content-Length") ?? 0) > MAX_CSV_BYTES * 3) {
    return data<ActionResult>({ stage: "fields", fieldErrors: { file: "inventory.import.fileTooLarge" } }, { status: 413 });
  }
  const formData = await request.formData();
  assertCsrf(request, formData);
  const organizationId = auth.organization.id;
  const actor = actorOf(auth);
  if (formData.get("intent") === "confirm") {
    // The payload comes back from the browser: anything but a previewed file is refused, never a 500.
    const parsed = ConfirmPayloadSchema.safeParse(jsonOf(formData.get("payload")));
    if (!parsed.success) {
      return data<ActionResult>({ stage: "fields", fieldErrors: { file: "inventory.import.confirmUnreadable" } }, { status: 400 });
    }
    const { fingerprint, ...fields } = parsed.data;
    const input = { organizationId, actor, ...fields };
    const fileName = String(formData.get("fileName") ?? "");
    // Only the tick on the confirmation form allows a mass deletion, whatever the payload says.
    const confirmMassDelete = formData.get("confirm_mass_delete") === "yes";
    const { rows, outcome } = await scoped(context, auth, (tx) =>
      importCsv(tx, { ...input, confirmMassDelete, expectedFingerprint: fingerprint }),
    );
    if (!outcome.ok && (outcome.massDelete || outcome.stale)) {
      const again = await previewResult(context.db, input, fileName, { tickMissing: Boolean(outcome.massDelete), stale: outcome.stale });
      return data<ActionResult>(again, { status: 409 });
    }
    if (!outcome.ok) {
      return data<ActionResult>({ stage: "preview", errors: outcome.errors, review: null, payload: null, rows, fileName }, { status: 422 });
    }
    kickEvaluation();
    return data<ActionResult>({ stage: "done", counts: reviewOf(outcome).counts, rows });
  }
  const upload = await uploaded(formData);
  if (!("fields" in upload)) return data<ActionResult>({ stage: "fields", fieldErrors: upload }, { status: 400 });
  const result = await previewResult(context.db, { organizationId, actor, ...upload.fields, csv: upload.csv }, upload.fileName);
  const failed = result.stage === "preview" && result.errors.length > 0;
  return data<ActionResult>(result, { status: failed ? 400 : 200 });
}

function ErrorText({ id, code }: { id: string; code: string | undefined }) {
  const { t } = useTranslation();
  return code ? (
    <p id={id} className="field-error">
      {messageText(t, code)}
    </p>
  ) : null;
}

function CountsList({ counts }: { counts: ImportReview["counts"] }) {
  const { t } = useTranslation();
  return (
    <ul className="plain-list">
      <li>{t("inventory.import.created", { count: counts.created })}</li>
      <li>{t("inventory.import.updated", { count: counts.updated })}</li>
      <li>{t("inventory.import.unchanged", { count: counts.unchanged })}</li>
      <li>{t("inventory.import.deleted", { count: counts.deleted })}</li>
    </ul>
  );
}

/** Every value the import erases, before anything is written: only cells holding the clear marker do that. */
function ClearsWarning({ review }: { review: ImportReview }) {
  const { t } = useTranslation();
  if (review.clearCount === 0) return null;
  const more = review.clearCount - review.clears.length;
  return (
    <div className="alert alert-error" role="alert" id="import-clears">
      <strong>{t("inventory.import.clearsWarning", { count: review.clearCount })}</strong>{" "}
      {t("inventory.import.clearsExplain", { marker: CLEAR_MARKER })}
      <ul className="plain-list">
        {review.clears.map((c) => (
          <li key={`${c.externalId} ${c.field}`}>
            {c.name} <code>{c.externalId}</code> · <code>{columnOf(c.field)}</code>: {c.before}
          </li>
        ))}
      </ul>
      {more > 0 ? t("inventory.import.moreClears", { count: more }) : null}
    </div>
  );
}

/** A field's change: before → after (an erased value says so). */
function ChangeText({ change }: { change: FieldChange }) {
  const { t } = useTranslation();
  return (
    <>
      {change.before ?? <span className="muted">—</span>} <span aria-hidden="true">→</span>{" "}
      <span className="visually-hidden">{`${t("inventory.import.becomes")} `}</span>
      {change.after ?? <strong>{t("inventory.import.erased")}</strong>}
    </>
  );
}

/** Each updated asset's changed fields, before → after; unchanged fields are not listed. */
function ChangesTable({ review }: { review: ImportReview }) {
  const { t } = useTranslation();
  if (review.changes.length === 0) return null;
  return (
    <section aria-labelledby="import-changes">
      <h3 id="import-changes">{t("inventory.import.changesTitle", { count: review.counts.updated })}</h3>
      <table className="table" aria-labelledby="import-changes">
        <thead>
          <tr>
            <th scope="col">{t("inventory.import.column")}</th>
            <th scope="col">{t("inventory.import.beforeAfter")}</th>
          </tr>
        </thead>
        {review.changes.map((change) => (
          <tbody key={change.externalId}>
            <tr>
              <th scope="rowgroup" colSpan={2}>
                {change.name} <code>{change.externalId}</code>
                {change.restored ? <span className="small"> · {t("inventory.import.restored")}</span> : null}
              </th>
            </tr>
            {change.fields.length === 0 ? (
              <tr>
                <td colSpan={2}>{t("inventory.import.relinked")}</td>
              </tr>
            ) : null}
            {change.fields.map((f) => (
              <tr key={f.field}>
                <td>
                  <code>{columnOf(f.field)}</code>
                </td>
                <td className="wrap">
                  <ChangeText change={f} />
                </td>
              </tr>
            ))}
          </tbody>
        ))}
      </table>
      {review.moreChanges > 0 ? <p>{t("inventory.import.moreChanges", { count: review.moreChanges })}</p> : null}
    </section>
  );
}

export default function ImportPage() {
  const { t } = useTranslation();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const navigation = useNavigation();
  const fieldErrors = result?.stage === "fields" ? result.fieldErrors : {};
  const resultRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (result?.stage === "fields") document.querySelector<HTMLElement>('#import [aria-invalid="true"]')?.focus();
    else if (result) resultRef.current?.focus();
  }, [result]);
  const invalid = (name: keyof FieldErrors) =>
    fieldErrors[name] ? { "aria-invalid": true, "aria-describedby": `import-${name}-error` } : {};
  return (
    <>
      <PageHeader title={t("inventory.import.title")} description={t("inventory.import.description")} />
      <section aria-labelledby="templates">
        <h2 id="templates">{t("inventory.import.templates")}</h2>
        <ul className="plain-list columns">
          {ASSET_KINDS.map((kind) => (
            <li key={kind}>
              <a href={`/inventory/import/template/${kind}`} download>
                {t(ASSET_KIND_LABEL[kind])} (CSV)
              </a>
            </li>
          ))}
        </ul>
        <h3 id="import-cells">{t("inventory.import.cellsTitle")}</h3>
        <ul className="plain-list" aria-labelledby="import-cells">
          <li>{t("inventory.import.cellsEmpty")}</li>
          <li>{t("inventory.import.cellsClear", { marker: CLEAR_MARKER })}</li>
          <li>{t("inventory.import.cellsFormat")}</li>
        </ul>
      </section>
      <Form method="post" encType="multipart/form-data" id="import" className="form" noValidate>
        <CsrfInput />
        <div className="field">
          <label htmlFor="import-kind">{t("inventory.kind")}</label>
          <select id="import-kind" name="kind" defaultValue="" required {...invalid("kind")}>
            <option value="">{t("common.choose")}</option>
            {ASSET_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {t(ASSET_KIND_LABEL[kind])}
              </option>
            ))}
          </select>
          <ErrorText id="import-kind-error" code={fieldErrors.kind} />
        </div>
        <div className="field">
          <label htmlFor="import-source">{t("inventory.source")}</label>
          <p className="field-hint">{t("inventory.import.sourceHint")}</p>
          <input id="import-source" name="source" defaultValue="csv-import" required {...invalid("source")} />
          <ErrorText id="import-source-error" code={fieldErrors.source} />
        </div>
        <fieldset className="checkboxes">
          <legend>{t("inventory.import.mode")}</legend>
          <label>
            <input type="radio" name="mode" value="upsert" defaultChecked /> {t("inventory.import.upsert")}
          </label>
          <label>
            <input type="radio" name="mode" value="snapshot" /> {t("inventory.import.snapshot")}
          </label>
        </fieldset>
        <div className="field">
          <label htmlFor="import-file">{t("inventory.import.file")}</label>
          <input id="import-file" name="file" type="file" accept=".csv,text/csv" required {...invalid("file")} />
          <ErrorText id="import-file-error" code={fieldErrors.file} />
        </div>
        <button type="submit" name="intent" value="preview" className="button primary" disabled={navigation.state === "submitting"}>
          {t("inventory.import.preview")}
        </button>
      </Form>
      <div ref={resultRef} tabIndex={-1} aria-live="polite">
        {result?.stage === "preview" ? (
          <section aria-labelledby="preview">
            <h2 id="preview">{t("inventory.import.previewTitle", { count: result.rows, file: result.fileName })}</h2>
            {result.errors.length > 0 ? (
              <>
                <p className="alert alert-error" role="alert">
                  {t("inventory.import.hasErrors", { count: result.errors.length })}
                </p>
                <table className="table">
                  <thead>
                    <tr>
                      <th scope="col">{t("inventory.import.line")}</th>
                      <th scope="col">{t("audit.field")}</th>
                      <th scope="col">{t("inventory.import.problem")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {result.errors.slice(0, 200).map((e, i) => {
                      const where = locateError(e);
                      return (
                        <tr key={i}>
                          <td>{where.line ?? "—"}</td>
                          <td>
                            <code>{where.field}</code>
                          </td>
                          <td>{messageText(t, e.code, e.params)}</td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </>
            ) : result.review ? (
              <>
                {result.stale ? (
                  <p className="alert alert-info" role="status">
                    {t("inventory.import.stale")}
                  </p>
                ) : null}
                <p>{t("inventory.import.ready")}</p>
                <CountsList counts={result.review.counts} />
                <ClearsWarning review={result.review} />
                <ChangesTable review={result.review} />
                <Form method="post" encType="multipart/form-data" className="form-actions">
                  <CsrfInput />
                  <input type="hidden" name="payload" value={result.payload ?? ""} />
                  <input type="hidden" name="fileName" value={result.fileName} />
                  {result.massDelete ? (
                    <div className="field">
                      <p className="alert alert-error" role="alert" id="import-mass-delete">
                        {t("inventory.import.massDelete", {
                          count: result.massDelete.wouldDelete,
                          live: result.massDelete.live,
                          source: result.massDelete.source,
                        })}
                      </p>
                      <label>
                        <input
                          type="checkbox"
                          name="confirm_mass_delete"
                          value="yes"
                          required
                          aria-describedby={
                            result.massDelete.tickMissing ? "import-mass-delete import-mass-delete-error" : "import-mass-delete"
                          }
                          {...(result.massDelete.tickMissing ? { "aria-invalid": true } : {})}
                        />{" "}
                        {t("inventory.import.confirmMassDelete", { count: result.massDelete.wouldDelete })}
                      </label>
                      {result.massDelete.tickMissing ? (
                        <p id="import-mass-delete-error" className="field-error">
                          {t("inventory.import.massDeleteTickRequired")}
                        </p>
                      ) : null}
                    </div>
                  ) : null}
                  <button type="submit" name="intent" value="confirm" className="button primary">
                    {t("inventory.import.confirm", { count: result.rows })}
                  </button>
                </Form>
              </>
            ) : null}
          </section>
        ) : null}
        {result?.stage === "done" ? (
          <section className="alert alert-success" role="status" aria-labelledby="done">
            <h2 id="done">{t("inventory.import.done", { count: result.rows })}</h2>
            <CountsList counts={result.counts} />
            <Link to="/inventory?sort=-updated">{t("inventory.import.see")}</Link>
          </section>
        ) : null}
      </div>
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "inventory.import.title");

export { GeneralErrorBoundary as ErrorBoundary } from "../ui/error-boundary";
