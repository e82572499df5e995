import { fileTypeFromBuffer } from "file-type";

/** What evidence may be: documents, images, archives of them, and plain text. */
const ALLOWED = new Set([
  "application/pdf",
  "image/png",
  "image/jpeg",
  "image/webp",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  "application/vnd.openxmlformats-officedocument.presentationml.presentation",
  "application/vnd.oasis.opendocument.text",
  "application/vnd.oasis.opendocument.spreadsheet",
  "application/zip",
]);

/**
 * The content type read from the bytes themselves, never from the file name or the browser's claim; null when the
 * content is not something evidence may be.
 */
export async function sniffEvidenceType(bytes: Buffer): Promise<string | null> {
  const detected = await fileTypeFromBuffer(bytes);
  if (detected) return ALLOWED.has(detected.mime) ? detected.mime : null;
  // No magic number: accept only text that decodes as UTF-8 without control bytes (logs, CSV, JSON, Markdown).
  const text = bytes.toString("utf8");
  // eslint-disable-next-line no-control-regex -- control bytes are what this looks for
  if (text.includes("\uFFFD") || /[\u0000-\u0008\u000E-\u001F]/.test(text)) return null;
  return "text/plain";
}
