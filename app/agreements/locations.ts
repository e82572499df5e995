import blocs from "../../policies/reference/blocs.json";

const BLOCS: Record<string, readonly string[]> = { EU: blocs.EU, EEA: blocs.EEA };

/** Country codes a location list allows, blocs ("EEA", "EU") expanded to their members. */
export function expandLocations(codes: readonly string[]): Set<string> {
  return new Set(codes.flatMap((code) => BLOCS[code] ?? [code]));
}

/** The countries that every list allows at once, sorted. */
export function intersectLocations(lists: readonly (readonly string[])[]): string[] {
  const [first, ...rest] = lists.map(expandLocations);
  if (!first) return [];
  return [...first].filter((code) => rest.every((set) => set.has(code))).sort();
}
