import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { withScope } from "../../db/connection.server";
import { apiError, requireApiScope } from "../api/api.server";
import { parseQuery } from "../api/inventory-query.server";
import { controlApiAccess, controlApiRow } from "../controls/control-api.server";
import { statementOfApplicability } from "../controls/controls.server";
import * as clock from "../config/clock";

const Query = z.object({ framework: z.string().max(50).default("iso27001-2022") }).strict();

/**
 * GET /api/v1/controls?framework=… — the Statement of Applicability of one framework: per requirement the declared
 * `status`, the `effective_status` with its `reasons`, the automated checks' results, and with risks:read the risks each
 * control treats.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const principal = await requireApiScope(request, context, "controls:read");
  const { framework } = parseQuery(request, Query);
  const organizationId = principal.organizationId;
  const soa = await withScope(context.db, { organizationId }, (tx) =>
    statementOfApplicability(tx, { organizationId, frameworkId: framework, today: clock.today() }),
  );
  if (!soa) return apiError(request, 404, "not_found", { key: "api.notFound.framework", values: { framework } });
  return Response.json({
    // The API speaks English (as its titles and reasons do).
    framework: { id: soa.framework.id, name: soa.framework.name.en, version: soa.framework.version },
    data: soa.rows.map((row) => controlApiRow(row, controlApiAccess(principal))),
  });
}
