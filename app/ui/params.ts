import { z } from "zod";

const Uuid = z.uuid();

/** Route ids that are not UUIDs cannot exist: answer 404 before the database sees them. */
export function requireUuidParam(value: string | undefined): string {
  const parsed = Uuid.safeParse(value);
  if (!parsed.success) throw new Response("Not found", { status: 404, statusText: "Not Found" });
  return parsed.data;
}

export const PageParam = z.coerce.number().int().min(1).max(100000).catch(1);

export function pageFrom(url: URL): number {
  return PageParam.parse(url.searchParams.get("page") ?? 1);
}
