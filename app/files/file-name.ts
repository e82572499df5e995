/**
 * Characters a file name never keeps: control characters (C0, DEL, C1), line and paragraph separators, the byte
 * order mark, and the bidirectional controls (LRM, RLM, ALM, the embeddings and overrides U+202A–U+202E, the
 * isolates U+2066–U+2069), with which "invoice\u202Efdp.exe" would read as "invoiceexe.pdf".
 */
// eslint-disable-next-line no-control-regex -- matching control characters is this expression's purpose
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/gu;

export const FILE_NAME_MAX = 200;

/** An uploaded file's name as it is stored and served: unsafe characters removed, trimmed, at most 200 characters. */
export function cleanFileName(name: string, fallback = "file"): string {
  const cleaned = name.replace(UNSAFE, "").trim();
  return Array.from(cleaned).slice(0, FILE_NAME_MAX).join("").trim() || fallback;
}
