// Kconfig silently drops a symbol whose dependencies are unmet or that does not
// exist. After merging, every requested symbol is checked against the result.
import { UsageError } from '../errors.js'

/** Symbol name → value; `null` means "is not set". */
export type ConfigValues = Map<string, string | null>

const SET = /^(CONFIG_[A-Za-z0-9_]+)=(.*)$/
const UNSET = /^# (CONFIG_[A-Za-z0-9_]+) is not set$/

export function parseConfig(text: string, source = 'config'): ConfigValues {
  const values: ConfigValues = new Map()
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim()
    const set = SET.exec(line)
    const unset = UNSET.exec(line)
    if (set) values.set(set[1], set[2])
    else if (unset) values.set(unset[1], null)
    else if (line !== '' && !line.startsWith('#'))
      throw new UsageError(
        `${source}:${index + 1}: cannot read '${line}'; expected CONFIG_X=value or '# CONFIG_X is not set'`,
      )
  })
  return values
}

export interface SymbolMismatch {
  symbol: string
  requested: string | null
  actual: string | null
}

export function mismatches(requested: ConfigValues, actual: ConfigValues): SymbolMismatch[] {
  const found: SymbolMismatch[] = []
  for (const [symbol, want] of requested) {
    const got = actual.get(symbol) ?? null
    if (want !== got) found.push({ symbol, requested: want, actual: got })
  }
  return found
}

export function describeMismatches(kernel: string, list: SymbolMismatch[]): string {
  const show = (v: string | null) => (v === null ? 'not set' : v)
  const lines = list.map((m) => `  ${m.symbol}: requested ${show(m.requested)}, got ${show(m.actual)}`)
  return [
    `kernel '${kernel}': ${list.length} requested symbol(s) did not hold after olddefconfig:`,
    ...lines,
    'A symbol that is "not set" either does not exist in this kernel or has an unmet dependency; add the dependency to a fragment or drop the request.',
  ].join('\n')
}
