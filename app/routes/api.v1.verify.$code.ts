import type { LoaderFunctionArgs } from "@remix-run/node";
import { withSystem } from "../../db/connection.server";
import { apiError } from "../api/api.server";
import { VerificationCode } from "../reports/attestation-input";
import { verificationByCode } from "../reports/attestations.server";

/** GET /api/v1/verify/{code} — public: the verification of a document as JSON (status valid or revoked). */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const code = VerificationCode.safeParse(params.code ?? "");
  if (!code.success) return apiError(request, 404, "not_found", "api.notFound.verificationCode");
  const record = await withSystem(context.db, (tx) => verificationByCode(tx, code.data));
  if (!record) return apiError(request, 404, "not_found", "api.notFound.verificationCode");
  return Response.json({ data: record }, { headers: { "Cache-Control": "no-store", "Access-Control-Allow-Origin": "*" } });
}
