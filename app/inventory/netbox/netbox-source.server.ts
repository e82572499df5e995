import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { ENDPOINTS, type Endpoint, type NetboxData } from "./netbox";

type Page = { results?: unknown[]; next?: string | null };

function resultsOf(json: unknown): unknown[] {
  if (Array.isArray(json))
    return json.flatMap((item) => (item && typeof item === "object" && "results" in item ? resultsOf(item) : [item]));
  const page = json as Page;
  return Array.isArray(page?.results) ? page.results : [];
}

/**
 * Saved API answers: for each endpoint, `sites.json` and/or `sites-*.json` (each one page `{count, next, results}`,
 * a list of pages, or a plain list of objects). A missing endpoint is empty.
 */
export async function readNetboxDir(dir: string): Promise<{ data: NetboxData; files: number }> {
  const names = (await readdir(dir)).filter((n) => n.endsWith(".json")).sort();
  const data = Object.fromEntries(Object.keys(ENDPOINTS).map((e) => [e, [] as unknown[]])) as NetboxData;
  let files = 0;
  for (const endpoint of Object.keys(ENDPOINTS) as Endpoint[]) {
    for (const name of names.filter((n) => n === `${endpoint}.json` || n.startsWith(`${endpoint}-`))) {
      const text = await readFile(path.join(dir, name), "utf8");
      try {
        data[endpoint].push(...resultsOf(JSON.parse(text)));
        files += 1;
      } catch {
        throw new Error(`${name} is not valid JSON`);
      }
    }
  }
  return { data, files };
}

/** The live NetBox API, following `next` links page by page (1,000 objects a page). */
export async function fetchNetbox(
  baseUrl: string,
  token: string,
  fetchImpl: typeof fetch = fetch,
): Promise<{ data: NetboxData; requests: number }> {
  const root = baseUrl.replace(/\/+$/, "").replace(/\/api$/, "");
  const data = Object.fromEntries(Object.keys(ENDPOINTS).map((e) => [e, [] as unknown[]])) as NetboxData;
  let requests = 0;
  for (const [endpoint, apiPath] of Object.entries(ENDPOINTS) as [Endpoint, string][]) {
    let next: string | null | undefined = `${root}/api/${apiPath}/?limit=1000`;
    while (next) {
      const response: Response = await fetchImpl(next, { headers: { Authorization: `Token ${token}`, Accept: "application/json" } });
      requests += 1;
      if (response.status === 404) break; // an endpoint this NetBox version does not have
      if (!response.ok) throw new Error(`NetBox answered ${response.status} for ${next}`);
      const page = (await response.json()) as Page;
      data[endpoint].push(...resultsOf(page));
      next = page.next;
      if (requests > 10_000) throw new Error("NetBox pagination did not end");
    }
  }
  return { data, requests };
}
