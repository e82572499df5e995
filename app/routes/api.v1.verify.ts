import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { withSystem } from "../../db/connection.server";
import { apiError } from "../api/api.server";
import { verificationJson } from "../api/verify-api.server";
import { tooLarge } from "../files/upload.server";
import { MAX_EVIDENCE_BYTES } from "../controls/control-schema";
import { verifyDocument } from "../reports/verify-document.server";
import { readVerifyFields } from "../reports/verify-request.server";

const PUBLIC = { "Cache-Control": "no-store", "Access-Control-Allow-Origin": "*" };

/**
 * POST /api/v1/verify — public, like /verify: checks a PDF (multipart field `file`) against the register, for the
 * code in field `code` or, without it, the code its signature names. Answers the page's verdict (200 whatever it
 * is); the file is not stored.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  if (request.method !== "POST") return apiError(request, 405, "method_not_allowed", "api.methods.verifyPost");
  if (!/^multipart\/form-data\s*;/i.test(request.headers.get("Content-Type") ?? "")) {
    return apiError(request, 415, "unsupported_media_type", "api.errors.multipartOnly");
  }
  if (tooLarge(request)) {
    return apiError(request, 413, "payload_too_large", { key: "api.errors.fileTooLarge", values: { max: MAX_EVIDENCE_BYTES } });
  }
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    return apiError(request, 400, "malformed_body", "api.errors.malformedMultipart");
  }
  const fields = await readVerifyFields(form);
  if ("error" in fields) {
    return apiError(request, 422, "invalid_request", "api.errors.fixCheckFields", [
      fields.error === "file"
        ? { path: "file", message: { key: "api.details.pdfRequired", values: { max: MAX_EVIDENCE_BYTES } } }
        : { path: "code", message: "api.details.textField" },
    ]);
  }
  const verification = await withSystem(context.db, (tx) => verifyDocument(tx, fields));
  return Response.json({ data: verificationJson(verification) }, { headers: PUBLIC });
}

export function loader({ request }: LoaderFunctionArgs) {
  return apiError(request, 405, "method_not_allowed", "api.methods.verifyGet");
}
