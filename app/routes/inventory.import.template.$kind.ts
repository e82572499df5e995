import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { notFound, requireAuth, requirePermission } from "../auth/auth.server";
import { csvTemplate } from "../inventory/csv.server";
import { ASSET_KINDS } from "../inventory/kinds";

/** GET /inventory/import/template/{kind}: the CSV template of one kind of asset. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const auth = await requireAuth(request, context);
  requirePermission(auth, "create", "Inventory");
  const kind = z.enum(ASSET_KINDS).safeParse(params.kind);
  if (!kind.success) throw notFound();
  return new Response(`\uFEFF${csvTemplate(kind.data)}`, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="attest-inventory-${kind.data}.csv"`,
    },
  });
}
