import type { LoaderFunctionArgs } from "@remix-run/node";
import { withScope } from "../../db/connection.server";
import { listAgreements } from "../agreements/agreements.server";
import type { AgreementContent } from "../agreements/content";
import { requireApiScope } from "../api/api.server";
import { agreementJson } from "../api/registers.server";

/** GET /api/v1/agreements — current version of every agreement, with its end and notice dates. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const principal = await requireApiScope(request, context, "agreements:read");
  const organizationId = principal.organizationId;
  const today = new Date().toISOString().slice(0, 10);
  const rows = await withScope(context.db, { organizationId }, (tx) => listAgreements(tx, { organizationId }));
  return Response.json({ data: rows.map((r) => agreementJson(r.agreement, r.content as AgreementContent, today)) });
}
