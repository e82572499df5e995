// Every CSV and spreadsheet the app writes (audit log, findings, Statement of Applicability, registers, evidence
// packs, import templates) goes through this file's guard.

// What a spreadsheet runs as a formula when a cell starts with it.
const TRIGGER = /[=+\-@\t\r]/;
// Where a spreadsheet may start a new cell: a comma, or the semicolon of a French-locale Excel, a tab, a line break.
const SEPARATOR = /[,;\t\r\n]/;

/**
 * Text as it may go into a spreadsheet cell: every part that a spreadsheet could read as a cell of its own — the
 * start of the value, and whatever follows a `,` `;` tab or line break, past spaces and a double quote — that
 * starts with `=`, `+`, `-`, `@`, tab or CR gets an apostrophe before it, so that `Prefecture;=1+1;` opened with
 * `;` as the separator shows `'=1+1`, never runs it.
 */
export function spreadsheetSafe(text: string): string {
  let out = "";
  let partStart = true;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (partStart && (char === " " || char === '"')) {
      out += char;
      continue;
    }
    if (partStart && TRIGGER.test(char)) out += "'";
    out += char;
    partStart = SEPARATOR.test(char);
  }
  return out;
}

/**
 * One RFC 4180 field, made safe for spreadsheets (see spreadsheetSafe): an exported log cannot execute anything on
 * the auditor's machine. Numbers and booleans are written as they are (a number is never a formula).
 *
 * Numbers in a CSV are machine-readable in every language — "1234.5", no thousands separator, "." as the decimal
 * mark, "," between fields, dates in ISO 8601 — while headers and labels are in the reader's language. A CSV is what
 * scripts, BI tools, the API's consumers and Attest's own import read back; a French variant (";" and "1234,5") would
 * make the same export parse differently depending on who downloaded it. The reader's notation is the XLSX export's
 * job: its cells are typed numbers that Excel shows in its own locale (app/controls/soa-export.server.ts). The cost:
 * a French Excel opening the CSV by double-click expects ";" and shows each line in one column — that reader takes the
 * XLSX, or Excel's import from text, which asks for the separator.
 */
export function csvField(value: unknown): string {
  if ((typeof value === "number" && Number.isFinite(value)) || typeof value === "boolean") return String(value);
  const raw = value === null || value === undefined ? "" : typeof value === "string" ? value : JSON.stringify(value);
  const text = spreadsheetSafe(raw);
  // Quoted when it holds a separator of either locale, so that a `;` spreadsheet keeps it in one cell too.
  return /[",;\t\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(values: unknown[]): string {
  return `${values.map(csvField).join(",")}\r\n`;
}
