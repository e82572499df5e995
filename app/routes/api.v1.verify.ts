import type { ActionFunctionArgs } from "@remix-run/node";
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
  if (request.method !== "POST") return apiError(405, "method_not_allowed", "POST the PDF as multipart/form-data");
  if (!/^multipart\/form-data\s*;/i.test(request.headers.get("Content-Type") ?? "")) {
    return apiError(415, "unsupported_media_type", "Send multipart/form-data with the PDF in the field file (and the code in code)");
  }
  if (tooLarge(request)) return apiError(413, "payload_too_large", `The file may not exceed ${MAX_EVIDENCE_BYTES} bytes`);
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    return apiError(400, "malformed_body", "The body is not a readable multipart form");
  }
  const fields = await readVerifyFields(form);
  if ("error" in fields) {
    return apiError(422, "invalid_request", "Nothing was checked: fix these fields", [
      fields.error === "file"
        ? { path: "file", message: `a PDF file of 1 to ${MAX_EVIDENCE_BYTES} bytes is required` }
        : { path: "code", message: "must be a text field" },
    ]);
  }
  const verification = await withSystem(context.db, (tx) => verifyDocument(tx, fields));
  return Response.json({ data: verificationJson(verification) }, { headers: PUBLIC });
}

export function loader() {
  return apiError(405, "method_not_allowed", "POST a PDF to /api/v1/verify; GET /api/v1/verify/{code} checks a code alone");
}
