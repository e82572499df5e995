import { MAX_EVIDENCE_BYTES } from "../controls/control-schema";
import { sniffEvidenceType } from "../controls/sniff.server";
import { cleanFileName } from "./file-name";

export type Upload = { bytes: Buffer; fileName: string; contentType: string };

/** The uploaded file of a form, or the i18n key of what is wrong with it (type read from the bytes, never the name). */
export async function readUpload(
  formData: FormData,
  field: string,
  options: { pdfOnly?: boolean } = {},
): Promise<{ upload: Upload } | { error: string }> {
  const file = formData.get(field);
  if (!(file instanceof File) || file.size === 0) return { error: "inventory.import.fileRequired" };
  if (file.size > MAX_EVIDENCE_BYTES) return { error: "controls.fileTooLarge" };
  const bytes = Buffer.from(await file.arrayBuffer());
  const contentType = await sniffEvidenceType(bytes);
  if (options.pdfOnly && contentType !== "application/pdf") return { error: "agreements.signedMustBePdf" };
  if (!contentType) return { error: "controls.fileType" };
  return { upload: { bytes, fileName: cleanFileName(file.name), contentType } };
}

/** Refuses a body larger than a file plus its form before reading it. */
export function tooLarge(request: Request): boolean {
  return Number(request.headers.get("Content-Length") ?? 0) > MAX_EVIDENCE_BYTES + 1024 * 1024;
}
