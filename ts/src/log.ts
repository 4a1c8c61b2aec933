// Log events are a typed union; one sink renders them. Steps print their
// duration, console lines are prefixed `node │`, the command's output `node ┆`.
import { formatMs } from './duration.js'

export type LogEvent =
  | { kind: 'step'; name: string; ms: number; detail?: string }
  | { kind: 'progress'; name: string; detail: string }
  | { kind: 'console'; node: string; line: string }
  | { kind: 'output'; node: string; stream: string; line: string }
  | { kind: 'warn'; message: string }
  | {
      kind: 'scenario'
      name: string
      status: 'started' | 'passed' | 'failed'
      done: number
      total: number
      running: number
      ms?: number
      phases?: string
      tally?: string
    }

export type LogSink = (event: LogEvent) => void

const isTty = Boolean(process.stderr.isTTY)
let progressShown = false

function clearProgress(): void {
  if (progressShown) process.stderr.write('\r\x1b[K')
  progressShown = false
}

export const stderrSink: LogSink = (event) => {
  switch (event.kind) {
    case 'step':
      clearProgress()
      process.stderr.write(`• ${event.name} ${formatMs(event.ms)}${event.detail ? ` (${event.detail})` : ''}\n`)
      return
    case 'progress':
      if (!isTty) return void process.stderr.write(`  ${event.name}: ${event.detail}\n`)
      process.stderr.write(`\r\x1b[K  ${event.name}: ${event.detail}`)
      progressShown = true
      return
    case 'console':
      clearProgress()
      process.stderr.write(`${event.node} │ ${event.line}\n`)
      return
    case 'output':
      // The command's own output, from the channel: marked apart from the kernel's console.
      clearProgress()
      process.stderr.write(`${event.node} ┆ ${event.line}\n`)
      return
    case 'warn':
      clearProgress()
      process.stderr.write(`warning: ${event.message}\n`)
      return
    case 'scenario': {
      clearProgress()
      const mark = { started: '▶', passed: '✓', failed: '✗' }[event.status]
      const took = event.ms === undefined ? '' : ` ${formatMs(event.ms)}`
      const phases = event.phases ? `\n      ${event.phases}` : ''
      const tally = event.tally ? ` — ${event.tally}` : ''
      process.stderr.write(
        `[${event.done}/${event.total}] ${mark} ${event.name}${took} (${event.running} running)${tally}${phases}\n`,
      )
    }
  }
}

export const silentSink: LogSink = () => {}

/** Runs `fn` as a named, timed step. */
export async function step<T>(
  log: LogSink,
  name: string,
  fn: () => Promise<T>,
  detail?: (value: T) => string,
): Promise<T> {
  const started = performance.now()
  const value = await fn()
  log({ kind: 'step', name, ms: performance.now() - started, detail: detail?.(value) })
  return value
}
