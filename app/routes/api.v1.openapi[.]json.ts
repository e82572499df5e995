import type { LoaderFunctionArgs } from "@remix-run/node";
import { openApiDocument } from "../api/openapi.server";
import { getConfig } from "../config/config.server";

/** GET /api/v1/openapi.json — public: it describes the API, it reveals no data. */
export async function loader({ request }: LoaderFunctionArgs) {
  return Response.json(openApiDocument(getConfig().publicUrl ?? new URL(request.url).origin));
}
