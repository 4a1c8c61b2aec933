// Durations are one type across the CLI, scenarios and specs: a number of
// milliseconds, or a string such as '500ms', '5s' or '2m'.
import { UsageError } from './errors.js'

export type Duration = number | string

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000 }

export function toMs(duration: Duration, what = 'duration'): number {
  if (typeof duration === 'number' && Number.isFinite(duration) && duration >= 0) return duration
  const match = /^(\d+(?:\.\d+)?)(ms|s|m)$/.exec(String(duration).trim())
  if (!match) throw new UsageError(`${what}: cannot read '${duration}'; use a number of ms or e.g. '500ms', '5s', '2m'`)
  return Number(match[1]) * UNITS[match[2]]
}

export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)}ms` : `${(ms / 1000).toFixed(2)}s`
}
