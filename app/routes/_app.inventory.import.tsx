import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { kickEvaluation } from "../policy-engine/worker.server";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { actorOf, requireAuth, requirePermission, scoped } from "../auth/auth.server";
import { assertCsrf } from "../auth/csrf.server";
import { pageTitle } from "../i18n/meta";
import { parseInventoryCsv } from "../inventory/csv.server";
import { ingestInventory, previewIngest } from "../inventory/ingest.server";
import { IngestRequest, ingestErrors, MAX_ASSETS_PER_REQUEST, type IngestError } from "../inventory/ingest-schema";
import { ImportFieldsSchema, jsonOf, locateError, MAX_CSV_BYTES } from "../inventory/import-form";
import { ASSET_KINDS } from "../inventory/kinds";
import { CsrfInput } from "../ui/forms";
import { PageHeader } from "../ui/layout";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const auth = await requireAuth(request, context);
  requirePermission(auth, "create", "Inventory");
  return null;
}

type FieldErrors = Partial<Record<"kind" | "source" | "mode" | "file", string>>;
type Counts = { created: number; updated: number; unchanged: number; deleted: number };
/** A snapshot that deletes most (or all) of its source: the confirmation shows the count and needs a tick. */
type MassDelete = { wouldDelete: number; live: number; source: string; tickMissing: boolean };
type ActionResult =
  | { stage: "fields"; fieldErrors: FieldErrors }
  | {
      stage: "preview";
      errors: IngestError[];
      counts: Counts | null;
      payload: string | null;
      rows: number;
      fileName: string;
      massDelete?: MassDelete;
    }
  | { stage: "done"; counts: Counts; rows: number };

function fieldsFrom(formData: FormData) {
  return ImportFieldsSchema.safeParse({ kind: formData.get("kind"), source: formData.get("source"), mode: formData.get("mode") });
}

async function preview(formData: FormData, run: (request: IngestRequest) => ReturnType<typeof previewIngest>): Promise<ActionResult> {
  const fields = fieldsFrom(formData);
  const file = formData.get("file");
  const fieldErrors: FieldErrors = {};
  if (!fields.success) for (const issue of fields.error.issues) fieldErrors[issue.path[0] as keyof FieldErrors] = issue.message;
  if (!(file instanceof File) || file.size === 0) fieldErrors.file = "inventory.import.fileRequired";
  else if (file.size > MAX_CSV_BYTES) fieldErrors.file = "inventory.import.fileTooLarge";
  if (!fields.success || Object.keys(fieldErrors).length > 0) return { stage: "fields", fieldErrors };
  const upload = file as File;
  const csv = parseInventoryCsv(fields.data.kind, await upload.text());
  const base = { rows: csv.assets.length, fileName: upload.name };
  if (csv.errors.length > 0) return { stage: "preview", errors: csv.errors, counts: null, payload: null, ...base };
  if (csv.assets.length > MAX_ASSETS_PER_REQUEST) {
    return {
      stage: "preview",
      errors: [{ path: "file", message: `more than ${MAX_ASSETS_PER_REQUEST} rows` }],
      counts: null,
      payload: null,
      ...base,
    };
  }
  const request = IngestRequest.safeParse({ source: fields.data.source, mode: fields.data.mode, assets: csv.assets });
  if (!request.success) return { stage: "preview", errors: ingestErrors(request.error), counts: null, payload: null, ...base };
  return previewCounts(request.data, run, base);
}

/**
 * The dry run's counts. A snapshot refused for deleting too much is run again as confirmed, so that the page shows
 * what the confirmed import would do, beside the tick that confirms it.
 */
async function previewCounts(
  request: IngestRequest,
  run: (request: IngestRequest) => ReturnType<typeof previewIngest>,
  base: { rows: number; fileName: string },
  tickMissing = false,
): Promise<ActionResult> {
  const { confirm_mass_delete: _ignored, ...unconfirmed } = request;
  let outcome = await run(unconfirmed);
  let massDelete: MassDelete | undefined;
  if (!outcome.ok && outcome.massDelete) {
    massDelete = { ...outcome.massDelete, source: request.source, tickMissing };
    outcome = await run({ ...unconfirmed, confirm_mass_delete: true });
  }
  if (!outcome.ok) return { stage: "preview", errors: outcome.errors, counts: null, payload: null, ...base };
  const { created, updated, unchanged, deleted } = outcome;
  const counts = { created, updated, unchanged, deleted };
  return { stage: "preview", errors: [], counts, payload: JSON.stringify(unconfirmed), ...base, ...(massDelete ? { massDelete } : {}) };
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
    // The payload comes back from the browser: anything but the previewed request is refused, never a 500.
    const parsed = IngestRequest.safeParse(jsonOf(formData.get("payload")));
    if (!parsed.success) {
      return data<ActionResult>({ stage: "fields", fieldErrors: { file: "inventory.import.confirmUnreadable" } }, { status: 400 });
    }
    // Only the tick on the confirmation form allows a mass deletion, whatever the payload says.
    const confirmed = { ...parsed.data, confirm_mass_delete: formData.get("confirm_mass_delete") === "yes" };
    const outcome = await scoped(context, auth, (tx) => ingestInventory(tx, { organizationId, actor, request: confirmed }));
    if (!outcome.ok && outcome.massDelete) {
      const base = { rows: parsed.data.assets.length, fileName: String(formData.get("fileName") ?? "") };
      const again = await previewCounts(
        parsed.data,
        (ingest) => previewIngest(context.db, { organizationId, actor, request: ingest }),
        base,
        true,
      );
      return data<ActionResult>(again, { status: 409 });
    }
    if (!outcome.ok) {
      return data<ActionResult>(
        { stage: "preview", errors: outcome.errors, counts: null, payload: null, rows: parsed.data.assets.length, fileName: "" },
        { status: 422 },
      );
    }
    kickEvaluation();
    const { created, updated, unchanged, deleted } = outcome;
    return data<ActionResult>({ stage: "done", counts: { created, updated, unchanged, deleted }, rows: parsed.data.assets.length });
  }
  const result = await preview(formData, (ingest) => previewIngest(context.db, { organizationId, actor, request: ingest }));
  const failed = result.stage === "fields" || (result.stage === "preview" && result.errors.length > 0);
  return data<ActionResult>(result, { status: failed ? 400 : 200 });
}

function ErrorText({ id, code }: { id: string; code: string | undefined }) {
  const { t } = useTranslation();
  return code ? (
    <p id={id} className="field-error">
      {t(code)}
    </p>
  ) : null;
}

function CountsList({ counts }: { counts: Counts }) {
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
                {t(`kinds.${kind}`)} (CSV)
              </a>
            </li>
          ))}
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
                {t(`kinds.${kind}`)}
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
                          <td>{e.message}</td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </>
            ) : result.counts ? (
              <>
                <p>{t("inventory.import.ready")}</p>
                <CountsList counts={result.counts} />
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
            <Link to="/inventory?sort=updated&dir=desc">{t("inventory.import.see")}</Link>
          </section>
        ) : null}
      </div>
    </>
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "inventory.import.title");

export { GeneralErrorBoundary as ErrorBoundary } from "../ui/error-boundary";
