import { z } from "zod";
import { isCountryCode } from "../i18n/countries";
import { translator } from "../i18n/i18n";
import { isMessageKey, messageText, type MessageKey } from "../i18n/keys";
import { issueValues } from "../i18n/zod-errors";
import { ASSET_KINDS, ATTRIBUTE_SCHEMAS } from "./kinds";

export const MAX_ASSETS_PER_REQUEST = 50_000;
export const MAX_READINGS_PER_REQUEST = 200_000;
/** The largest ingestion body, as documented (README, OpenAPI): 64 MB. */
export const MAX_INGEST_BODY_BYTES = 64 * 1024 * 1024;

/**
 * A snapshot that would mark more than this share of its source's live assets as deleted — or all of them, whatever
 * their number — is refused (409 `mass_delete_unconfirmed`) unless the request says `confirm_mass_delete: true`.
 * The share applies from MASS_DELETE_MIN_LIVE live assets on, so that a small source can still shrink by a few.
 */
export const MASS_DELETE_SHARE = 0.2;
export const MASS_DELETE_MIN_LIVE = 10;

/** Whether a snapshot deleting `wouldDelete` of a source's `live` assets needs the explicit confirmation. */
export function needsMassDeleteConfirmation(wouldDelete: number, live: number): boolean {
  if (wouldDelete === 0) return false;
  if (wouldDelete >= live) return true;
  return live >= MASS_DELETE_MIN_LIVE && wouldDelete > live * MASS_DELETE_SHARE;
}

/**
 * Attribute values are free JSON, checked here before anything walks them recursively (the content hash, Postgres):
 * nested at most MAX_ATTRIBUTE_DEPTH levels (objects and arrays), at most MAX_ATTRIBUTE_BYTES once serialised, and
 * every string — in the values, their keys and the asset's own fields — well-formed Unicode without NUL (a lone
 * surrogate such as "\ud800" or a "\u0000" is refused by Postgres's jsonb and text).
 */
export const MAX_ATTRIBUTE_DEPTH = 16;
export const MAX_ATTRIBUTE_BYTES = 64 * 1024;

// A lone high surrogate, a lone low surrogate, or NUL.
// eslint-disable-next-line no-control-regex -- NUL is what Postgres refuses in text and jsonb
const MALFORMED = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]|\u0000/;
const MALFORMED_MESSAGE: MessageKey = "validation.malformedText";
export const isWellFormedText = (value: string) => !MALFORMED.test(value);

type Path = (string | number)[];
type Problem = { path: Path; message: MessageKey; params?: Record<string, number> };

/** The first problem of one attribute value: too deep, a malformed string or key; null when it is fine. */
function valueProblem(value: unknown, path: Path, depth: number): Problem | null {
  if (typeof value === "string") return isWellFormedText(value) ? null : { path, message: MALFORMED_MESSAGE };
  if (value === null || typeof value !== "object") return null;
  if (depth >= MAX_ATTRIBUTE_DEPTH) return { path, message: "validation.tooDeep", params: { max: MAX_ATTRIBUTE_DEPTH } };
  const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
  for (const [key, item] of entries) {
    if (typeof key === "string" && !isWellFormedText(key)) return { path: [...path, key], message: "validation.malformedName" };
    const problem = valueProblem(item, [...path, key], depth + 1);
    if (problem) return problem;
  }
  return null;
}

/** The problem of one attribute (its key and value), depth first, then the serialised size. */
export function attributeProblem(key: string, value: unknown): Problem | null {
  if (!isWellFormedText(key)) return { path: [key], message: "validation.malformedName" };
  const problem = valueProblem(value, [key], 0);
  if (problem) return problem;
  const size = Buffer.byteLength(JSON.stringify(value) ?? "", "utf8");
  return size > MAX_ATTRIBUTE_BYTES
    ? { path: [key], message: "validation.tooManyBytes", params: { size, max: MAX_ATTRIBUTE_BYTES } }
    : null;
}

const wellFormed = (schema: z.ZodString) => schema.refine(isWellFormedText, { message: MALFORMED_MESSAGE });
const externalId = wellFormed(z.string().trim().min(1).max(200));

const AssetItem = z
  .object({
    kind: z.enum(ASSET_KINDS),
    external_id: externalId,
    name: wellFormed(z.string().trim().min(1).max(300)),
    parent: externalId.optional(),
    tenant: wellFormed(z.string().trim().min(1).max(100)).optional(),
    country: z.string().refine(isCountryCode, { message: "validation.countryCode" }).optional(),
    region: wellFormed(z.string().trim().min(1).max(100)).optional(),
    owner: wellFormed(z.string().trim().min(1).max(200)).optional(),
    tags: z
      .array(wellFormed(z.string().trim().min(1).max(100)))
      .max(50)
      .optional(),
    attributes: z.record(z.string(), z.unknown()).default({}),
  })
  .strict()
  .superRefine((item, ctx) => {
    // Depth, size and text of every attribute first: nothing below walks a value that fails them.
    let shapeProblems = 0;
    for (const [key, value] of Object.entries(item.attributes)) {
      const problem = attributeProblem(key, value);
      if (!problem) continue;
      ctx.addIssue({ code: "custom", path: ["attributes", ...problem.path], message: problem.message, params: problem.params });
      if (++shapeProblems >= 20) break;
    }
    if (shapeProblems > 0) return;
    // The attributes are checked against the schema of the item's own kind.
    const result = ATTRIBUTE_SCHEMAS[item.kind].safeParse(item.attributes);
    if (!result.success) {
      for (const issue of result.error.issues) {
        // The attribute's own issue as it came (its key), with the values its text names.
        ctx.addIssue({ code: "custom", path: ["attributes", ...issue.path], message: issue.message, params: issueValues(issue) });
      }
    }
  });
export type AssetItem = z.infer<typeof AssetItem>;

const PowerReadingItem = z
  .object({
    asset: externalId,
    measured_at: z.iso.datetime({ offset: true }),
    kw: z.number().min(0).max(10_000_000),
  })
  .strict();
export type PowerReadingItem = z.infer<typeof PowerReadingItem>;

export const IngestRequest = z
  .object({
    source: z
      .string()
      .trim()
      .regex(/^[a-z0-9][a-z0-9_.-]{0,62}$/, "inventory.import.sourceInvalid"),
    mode: z.enum(["upsert", "snapshot"]),
    assets: z.array(AssetItem).max(MAX_ASSETS_PER_REQUEST),
    power_readings: z.array(PowerReadingItem).max(MAX_READINGS_PER_REQUEST).optional(),
    confirm_mass_delete: z
      .boolean()
      .optional()
      .describe(
        "Snapshot only: allow deleting all of the source's live assets, or more than 20 % of them (from 10 live assets on); without it such a snapshot answers 409 and writes nothing",
      ),
  })
  .strict();
export type IngestRequest = z.infer<typeof IngestRequest>;

/**
 * One problem, by the asset's position in the request: `code` is the key of its text and `params` the values that
 * text names (the field, a limit), so that every reader gets it in their language; `message` is the English text,
 * for logs.
 */
export type IngestError = { index?: number; path: string; message: string; code: MessageKey; params?: Record<string, string | number> };

/** A problem found by the ingestion's own checks, its English text from the catalogue. */
export function ingestError(error: Omit<IngestError, "message">): IngestError {
  return { ...error, message: messageText(translator("en"), error.code, error.params) };
}

/** zod issues as `{ index, path, code, params }`, index being the asset's position in the request. */
export function ingestErrors(error: z.ZodError): IngestError[] {
  return error.issues.map((issue) => {
    const [head, index, ...rest] = issue.path;
    const code: MessageKey = isMessageKey(issue.message) ? issue.message : "validation.invalid";
    const item = (head === "assets" || head === "power_readings") && typeof index === "number";
    // The field the problem is about, as a column or an attribute is named ("role", not "attributes.role").
    const field = [...(item ? rest : issue.path)].reverse().find((part) => typeof part === "string");
    const params = { ...issueValues(issue), ...(field === undefined ? {} : { field: String(field) }) };
    if (item) {
      return ingestError({ index, path: `${head}[${index}]${rest.length ? "." + rest.join(".") : ""}`, code, params });
    }
    return ingestError({ path: issue.path.join(".") || "(body)", code, params });
  });
}
