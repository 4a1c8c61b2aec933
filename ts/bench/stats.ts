// Small statistics for benchmarks: they report ratios measured side by side.
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

export async function timed(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now()
  await fn()
  return performance.now() - started
}

export interface BenchOptions {
  /** Runs (rounds) per measured path; each bench has its own default. */
  runs?: number
  /** Where benches that write reports put them. */
  results: string
  /** The vmgate CLI to time, for benches that run it as a user would. */
  cli: string
  /** Ctrl-C: stops the bench between (and, where it can, inside) measured runs. */
  signal?: AbortSignal
}
