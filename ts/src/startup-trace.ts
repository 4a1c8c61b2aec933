// VMGATE_TRACE_STARTUP=1 prints one stderr line per mark: milliseconds since the
// process started, to see where a run spends its time before qemu's exec and
// after its exit. Off, a mark costs one boolean test.
import { performance } from 'node:perf_hooks'

const enabled = Boolean(process.env.VMGATE_TRACE_STARTUP)

export function traceMark(name: string): void {
  if (enabled) process.stderr.write(`trace ${performance.now().toFixed(1).padStart(7)} ms  ${name}\n`)
}

/** The first mark: when Node's own bootstrap ended, then when vmgate's first code ran. */
export function traceStart(): void {
  if (!enabled) return
  traceMark(`node bootstrap done at ${performance.nodeTiming.bootstrapComplete.toFixed(1)} ms; vmgate modules loaded`)
  process.on('exit', () => traceMark('process exit'))
}
