import type { AppLoadContext } from "@remix-run/node";
import { withSystem } from "../../db/connection.server";
import { tooLarge } from "../files/upload.server";
import { MAX_EVIDENCE_BYTES } from "../controls/control-schema";
import { verifyUploadedPdf } from "./attestations.server";
import { uploadOutcome, type UploadOutcome } from "./verify-ui";

/** Reads the uploaded PDF of the public verification form and checks it; the file is not stored. */
export async function checkUploadedPdf(request: Request, context: AppLoadContext, expectedCode: string | null): Promise<UploadOutcome> {
  if (tooLarge(request)) return { error: "reports.verify.fileRequired" };
  const file = (await request.formData()).get("file");
  if (!(file instanceof File) || file.size === 0 || file.size > MAX_EVIDENCE_BYTES) return { error: "reports.verify.fileRequired" };
  const bytes = new Uint8Array(await file.arrayBuffer());
  const result = await withSystem(context.db, (tx) => verifyUploadedPdf(tx, bytes));
  return uploadOutcome(result, expectedCode);
}
