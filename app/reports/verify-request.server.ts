import type { AppLoadContext } from "@remix-run/node";
import { withSystem } from "../../db/connection.server";
import { tooLarge } from "../files/upload.server";
import { MAX_EVIDENCE_BYTES } from "../controls/control-schema";
import { verifyDocument, type DocumentVerification } from "./verify-document.server";

export type VerifyFields = { pdf: Uint8Array; code: string | null } | { error: "file" | "code" };

/**
 * The fields of a verification form (the page's, or POST /api/v1/verify's): the PDF in `file` (at most 20 MB, never
 * stored) and, optionally, the code in `code` (empty means none: the file's own code is checked).
 */
export async function readVerifyFields(form: FormData): Promise<VerifyFields> {
  const file = form.get("file");
  if (!(file instanceof File) || file.size === 0 || file.size > MAX_EVIDENCE_BYTES) return { error: "file" };
  const code = form.get("code");
  if (code !== null && typeof code !== "string") return { error: "code" };
  return { pdf: new Uint8Array(await file.arrayBuffer()), code: code?.trim() || null };
}

export type UploadOutcome = { verification: DocumentVerification } | { error: string };

/** Reads the uploaded PDF of the public verification page and gives the verdict for it and the page's code. */
export async function checkUploadedPdf(request: Request, context: AppLoadContext, code: string | null): Promise<UploadOutcome> {
  if (tooLarge(request)) return { error: "reports.verify.fileRequired" };
  const fields = await readVerifyFields(await request.formData());
  if ("error" in fields) return { error: "reports.verify.fileRequired" };
  const verification = await withSystem(context.db, (tx) => verifyDocument(tx, { code, pdf: fields.pdf }));
  return { verification };
}
