/**
 * One RFC 4180 field. Values a spreadsheet would run as a formula (=, +, -, @, tab, CR) are prefixed with an
 * apostrophe, so an exported log cannot execute anything on the auditor's machine.
 */
export function csvField(value: unknown): string {
  let text = value === null || value === undefined ? "" : typeof value === "string" ? value : JSON.stringify(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(values: unknown[]): string {
  return `${values.map(csvField).join(",")}\r\n`;
}
