import type { LoaderFunctionArgs } from "@remix-run/node";
import { withScope } from "../../db/connection.server";
import { listAgreements } from "../agreements/agreements.server";
import type { AgreementContent } from "../agreements/content";
import { requireApiScope } from "../api/api.server";

/** GET /api/v1/obligations — every obligation of the current agreements, with the party that owes it. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const principal = await requireApiScope(request, context, "agreements:read");
  const organizationId = principal.organizationId;
  const rows = await withScope(context.db, { organizationId }, (tx) => listAgreements(tx, { organizationId }));
  const data = rows.flatMap(({ agreement, content }) =>
    (content as AgreementContent).obligations.map((o, index) => ({
      agreement_id: agreement.id,
      agreement_title: agreement.title,
      index,
      party: (content as AgreementContent).parties[o.party] ?? null,
      text: o.text,
      due_on: o.dueOn,
      recurrence: o.recurrence,
      owner: o.owner,
      status: o.status,
    })),
  );
  return Response.json({ data });
}
