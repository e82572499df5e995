// zod's own messages are English sentences ("Invalid input: expected boolean, received string"), which a French reader
// would see wherever a schema gives no message of its own. This module turns every such issue into one of our keys:
// zod 4 consults `z.config({ customError })` for any issue whose schema, check or parse call set no message (a
// schema's own key always wins), so one map serves the pages, the imports and the API alike. It is installed once per
// process, by the entry points that import this module (app/entry.server.tsx, app/entry.client.tsx, server/index.ts,
// app/cli/tool.server.ts, the tests' setup). The limits an issue names (a length, a bound, the unexpected fields) stay
// on the issue; `issueMessage` gives them back as the values of the key's text.
import { z } from "zod";
import { isMessageKey, namesValues, type Message, type MessageKey } from "./keys";

type RawIssue = z.core.$ZodRawIssue;
type Issue = z.core.$ZodIssue;

const empty = (input: unknown) => input === undefined || input === null || (typeof input === "string" && input.trim() === "");

/** The key of an expected type: what the reader should have written. */
function typeKey(expected: string): MessageKey {
  switch (expected) {
    case "number":
    case "bigint":
    case "nan":
      return "validation.number";
    case "int":
      return "validation.integer";
    case "boolean":
      return "validation.boolean";
    case "date":
      return "validation.date";
    case "string":
      return "validation.text";
    case "array":
    case "tuple":
    case "set":
      return "validation.list";
    case "object":
    case "record":
    case "map":
      return "validation.object";
    case "file":
      return "validation.file";
    default:
      return "validation.invalid";
  }
}

function formatKey(format: string): MessageKey {
  switch (format) {
    case "email":
      return "validation.email";
    case "url":
      return "validation.url";
    case "date":
      return "validation.date";
    case "datetime":
      return "validation.dateTime";
    case "time":
      return "validation.time";
    case "uuid":
    case "guid":
    case "cuid":
    case "cuid2":
    case "ulid":
    case "nanoid":
    case "xid":
    case "ksuid":
      return "validation.identifier";
    default:
      return "validation.format";
  }
}

function tooSmallKey(issue: Extract<RawIssue, { code: "too_small" }>): MessageKey {
  switch (issue.origin) {
    case "string":
      if (empty(issue.input)) return "validation.required";
      return issue.exact ? "validation.exactLength" : "validation.minLength";
    case "array":
    case "set":
      return "validation.minItems";
    case "date":
      return "validation.tooEarly";
    case "file":
      return "validation.tooShort";
    default:
      return issue.inclusive === false ? "validation.moreThan" : "validation.minNumber";
  }
}

function tooBigKey(issue: Extract<RawIssue, { code: "too_big" }>): MessageKey {
  switch (issue.origin) {
    case "string":
      return issue.exact ? "validation.exactLength" : "validation.maxLength";
    case "array":
    case "set":
      return "validation.maxItems";
    case "date":
      return "validation.tooLate";
    case "file":
      return "validation.maxBytes";
    default:
      return issue.inclusive === false ? "validation.lessThan" : "validation.maxNumber";
  }
}

/** The key for an issue no schema gave a message: a missing value, a wrong type, a bound, a format, a choice. */
export function zodIssueKey(issue: RawIssue): MessageKey {
  switch (issue.code) {
    case "invalid_type":
      return empty(issue.input) ? "validation.required" : typeKey(issue.expected);
    case "too_small":
      return tooSmallKey(issue);
    case "too_big":
      return tooBigKey(issue);
    case "invalid_format":
      return formatKey(issue.format);
    case "not_multiple_of":
      return "validation.multipleOf";
    case "invalid_value":
      // The allowed values are codes, not words: the message never lists them.
      return empty(issue.input) ? "validation.required" : "validation.choice";
    case "unrecognized_keys":
      return "validation.unknownFields";
    case "invalid_union":
      return issue.input === undefined ? "validation.required" : "validation.invalid";
    default:
      // invalid_key, invalid_element, custom (a refinement without a message): the value is simply not valid.
      return "validation.invalid";
  }
}

const limit = (value: number | bigint, origin: string): string | number => {
  if (origin === "date") return new Date(Number(value)).toISOString().slice(0, 10);
  return typeof value === "bigint" ? value.toString() : value;
};

/** The values an issue's key names: its bound (and `count`, for the plural forms), its fields, a refinement's params. */
export function issueValues(issue: Issue): Record<string, string | number> {
  const values: Record<string, string | number> = {};
  switch (issue.code) {
    case "too_small":
      values.minimum = limit(issue.minimum, issue.origin);
      if (typeof issue.minimum !== "bigint" && issue.origin !== "date") values.count = issue.minimum;
      break;
    case "too_big":
      values.maximum = limit(issue.maximum, issue.origin);
      if (typeof issue.maximum !== "bigint" && issue.origin !== "date") values.count = issue.maximum;
      break;
    case "not_multiple_of":
      values.divisor = issue.divisor;
      break;
    case "unrecognized_keys":
      values.keys = issue.keys.join(", ");
      values.count = issue.keys.length;
      break;
    case "custom":
      for (const [name, value] of Object.entries(issue.params ?? {})) {
        if (typeof value === "string" || typeof value === "number") values[name] = value;
      }
      break;
  }
  return values;
}

/**
 * An issue as a message: its key (the generic one if a schema wrote plain text), with the issue's values when the
 * key's text names some; a key that names none stays a plain key.
 */
export function issueMessage(issue: Issue): Message {
  const key = isMessageKey(issue.message) ? issue.message : "validation.invalid";
  const values = issueValues(issue);
  return namesValues(key) && Object.keys(values).length > 0 ? { key, values } : key;
}

z.config({ customError: (issue) => zodIssueKey(issue) });
