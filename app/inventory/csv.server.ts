import { parse } from "csv-parse/sync";
import type { z } from "zod";
import { csvRow } from "../audit/csv";
import type { IngestError } from "./ingest-schema";
import { ATTRIBUTE_SCHEMAS, type AssetKind } from "./kinds";
import { CLEAR_MARKER, isClearMarker } from "./import-form";
import { OPTIONAL_FIELDS, type AssetPatch } from "./patch";

/** Columns every kind has; its attributes follow, one column each. */
export const BASE_COLUMNS = ["external_id", "name", "parent", "tenant", "country", "region", "owner", "tags"] as const;

type ZodInternals = { _zod: { def: { type: string; innerType?: unknown; element?: unknown } } };
const typeOf = (schema: unknown): ZodInternals["_zod"]["def"] => (schema as ZodInternals)._zod.def;

function unwrap(schema: unknown): ZodInternals["_zod"]["def"] {
  let def = typeOf(schema);
  while ((def.type === "optional" || def.type === "default" || def.type === "nullable") && def.innerType) {
    def = typeOf(def.innerType);
  }
  return def;
}

export function attributeColumns(kind: AssetKind): string[] {
  return Object.keys((ATTRIBUTE_SCHEMAS[kind] as unknown as z.ZodObject).shape);
}

const EXAMPLES: Record<AssetKind, Record<string, string>> = {
  site: {
    external_id: "par2",
    name: "Paris North",
    country: "FR",
    region: "FR-IDF",
    address: "1 rue Exemple, 93200 Saint-Denis",
    contracted_capacity_mw: "24",
    access_control: "badge;guard",
    cctv: "true",
    tier: "III",
    coordinates: '{"lat":48.93,"lon":2.36}',
  },
  hall: { external_id: "par2-h1", name: "Hall 1", parent: "par2", cooling: "liquid", floor_area_m2: "1200" },
  rack: { external_id: "par2-h1-r01", name: "R01", parent: "par2-h1", tenant: "lumen-ai", power_budget_kw: "80", redundancy: "2N" },
  device: {
    external_id: "gpu-0001",
    name: "gpu-0001",
    parent: "par2-h1-r01",
    tenant: "lumen-ai",
    role: "gpu_node",
    vendor: "Supermicro",
    gpu_model: "H100 SXM",
    gpu_count: "8",
    power_draw_kw: "10,2",
  },
  storage_volume: {
    external_id: "vol-01",
    name: "Volume 01",
    parent: "gpu-0001",
    encrypted_at_rest: "true",
    key_holder: "tenant",
    capacity_tb: "30.72",
  },
  dataset: {
    external_id: "ds-01",
    name: "Training corpus",
    tenant: "lumen-ai",
    data_categories: "non_personal;pseudonymised",
    gdpr_role: "controller",
    storage_locations: '[{"asset":"vol-01"}]',
  },
  backup: {
    external_id: "bk-01",
    name: "Nightly backup",
    source_dataset: "ds-01",
    location: '{"cloud_region":"aws:eu-west-3"}',
    schedule: "0 2 * * *",
  },
  cloud_resource: { external_id: "s3-archive", name: "Archive bucket", provider: "aws", region_id: "eu-west-3", service: "s3" },
  data_transfer: {
    external_id: "tr-01",
    name: "Support access from Canada",
    from: "FR",
    to: "CA",
    recipient: "Example Support Ltd",
    legal_mechanism: "adequacy",
  },
  power_feed: { external_id: "par2-feed-a", name: "Feed A", parent: "par2", capacity_kw: "12000", voltage_v: "20000", utility: "Enedis" },
};

/** The CSV template of a kind: its columns and one example row. */
export function csvTemplate(kind: AssetKind): string {
  const columns = [...BASE_COLUMNS, ...attributeColumns(kind)];
  return csvRow(columns) + csvRow(columns.map((c) => EXAMPLES[kind][c] ?? ""));
}

const TRUE = new Set(["true", "yes", "oui", "1", "vrai"]);
const FALSE = new Set(["false", "no", "non", "0", "faux"]);

/** A cell turned into the value its attribute expects; anything unreadable is passed on for zod to name. */
function cellValue(schema: unknown, cell: string): unknown {
  const def = unwrap(schema);
  switch (def.type) {
    case "number": {
      const n = Number(cell.replace(",", "."));
      return Number.isFinite(n) ? n : cell;
    }
    case "boolean":
      return TRUE.has(cell.toLowerCase()) ? true : FALSE.has(cell.toLowerCase()) ? false : cell;
    case "array": {
      const element = def.element ? unwrap(def.element).type : "string";
      if (element === "string" || element === "enum")
        return cell
          .split(";")
          .map((v) => v.trim())
          .filter(Boolean);
      return JSON.parse(cell);
    }
    case "object":
    case "union":
    case "record":
      return JSON.parse(cell);
    default:
      return cell;
  }
}

export type CsvParseResult = { patches: AssetPatch[]; errors: IngestError[] };

/** Line number of data row `index` in the file (the header is line 1). */
export const lineOf = (index: number) => index + 2;

const REQUIRED_BASE = new Set(["external_id", "name"]);
const OPTIONAL_BASE = new Set<string>(OPTIONAL_FIELDS);
const isOptional = (schema: unknown) => ["optional", "default"].includes(typeOf(schema).type);

/**
 * One row as a patch: an empty cell leaves the stored value as it is (for a new asset: no value), the clear marker
 * erases it. A required field or attribute can never be cleared.
 */
function rowPatch(kind: AssetKind, record: Record<string, string>, index: number, errors: IngestError[]): AssetPatch {
  const shape = (ATTRIBUTE_SCHEMAS[kind] as unknown as z.ZodObject).shape;
  const patch: AssetPatch = { item: { kind, external_id: record.external_id ?? "", attributes: {} }, clear: [] };
  const item = patch.item as Record<string, unknown> & AssetPatch["item"];
  for (const [column, raw] of Object.entries(record)) {
    const isBase = REQUIRED_BASE.has(column) || OPTIONAL_BASE.has(column);
    if (raw === "" || (!isBase && !(column in shape))) continue;
    const path = isBase ? `assets[${index}].${column}` : `assets[${index}].attributes.${column}`;
    if (isClearMarker(raw)) {
      if (REQUIRED_BASE.has(column) || (!isBase && !isOptional(shape[column]))) {
        const params = { line: lineOf(index), column, marker: CLEAR_MARKER };
        errors.push({
          index,
          path,
          message: `${column} is required and cannot be cleared`,
          code: "inventory.import.clearRequired",
          params,
        });
      } else patch.clear.push(isBase ? column : `attributes.${column}`);
      continue;
    }
    if (column === "tags") {
      const tags = raw
        .split(";")
        .map((t) => t.trim())
        .filter(Boolean);
      if (tags.length > 0) item.tags = tags;
    } else if (isBase) item[column] = raw;
    else {
      try {
        item.attributes[column] = cellValue(shape[column], raw);
      } catch {
        const params = { line: lineOf(index), column };
        errors.push({ index, path, message: "is not valid JSON", code: "inventory.import.invalidJson", params });
      }
    }
  }
  return patch;
}

/** Rows of one kind's CSV as patches; problems of the file itself are reported by line and column. */
export function parseInventoryCsv(kind: AssetKind, text: string): CsvParseResult {
  let records: Record<string, string>[];
  try {
    records = parse(text.replace(/^\uFEFF/, ""), { columns: true, skip_empty_lines: true, trim: true, relax_column_count: false });
  } catch (error) {
    // csv-parse's own sentence is English: the reader gets its line and what kind of problem it is.
    const reason = (error as Error).message;
    const { code: parserCode, lines } = error as { code?: string; lines?: number };
    const code = /QUOTE/.test(parserCode ?? "")
      ? "inventory.import.unreadableQuote"
      : /INCONSISTENT/.test(parserCode ?? "")
        ? "inventory.import.unreadableCells"
        : "inventory.import.unreadable";
    return { patches: [], errors: [{ path: "file", message: reason, code, params: { line: lines ?? 1, reason } }] };
  }
  const known = [...BASE_COLUMNS, ...attributeColumns(kind)];
  const errors: IngestError[] = [];
  const header = Object.keys(records[0] ?? {});
  for (const column of header.filter((c) => !known.includes(c))) {
    const expected = known.join(", ");
    errors.push({
      path: `column ${column}`,
      message: `unknown column for ${kind}: expected ${expected}`,
      code: "inventory.import.unknownColumn",
      params: { column, expected },
    });
  }
  const patches = records.map((record, index) => rowPatch(kind, record, index, errors));
  return { patches, errors };
}
