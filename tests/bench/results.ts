// Benchmarks report their figures as one line each, `BENCH_RESULT {json}`, which `npm run bench` collects into
// bench/results.json and bench/results.md.
export type Figure = { benchmark: string; figure: string; target: string; measured: number; unit: string; ok: boolean | null };

export function report(benchmark: string, figures: Omit<Figure, "benchmark">[]) {
  for (const figure of figures) console.log(`BENCH_RESULT ${JSON.stringify({ benchmark, ...figure })}`);
}

/** ok is measured ≤ limit (or ≥ for "at least" targets). */
export const atMost = (measured: number, limit: number) => measured <= limit;
export const atLeast = (measured: number, limit: number) => measured >= limit;
