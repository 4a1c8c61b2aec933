// Boots one guest through its phases and reports what was seen:
// boot (qemu start → first channel event), ready (→ `ready`), test (→ `result`),
// then the guest powers itself off. Each phase has its own timeout.
import { randomBytes } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { join } from 'node:path'
import type { Accel, ArchLowering } from '../arch/index.js'
import type { ChannelEvent } from '../guest/channel.js'
import { classify, type Classification, type Observation, type Phase } from '../guest/classify.js'
import { guestParams } from '../guest/params.js'
import { Machine, type QemuExit } from '../vm/machine.js'
import { PhaseTimeout, waitFor } from '../wait.js'
import { Interrupted } from '../errors.js'

export interface NodeRequest {
  name: string
  arch: ArchLowering
  accel: Accel
  kernel: string
  initrd: string
  command: string[]
  memoryMb?: number
  cpus?: number
  timeouts: Record<Phase, number>
  debug?: boolean
  /** NICs: MAC, addresses for the guest, and the -netdev backend. */
  nics?: { mac: string; addresses: string[]; netdev: string; pcap?: string }[]
  readyByCommand?: boolean
  keepWorkDir?: boolean
  /** Where console.log, channel.log and output.log (the command's output, plain) go, kept; the machine's temp dir when absent. */
  logDir?: string
  signal?: AbortSignal
  onEvent?: (event: ChannelEvent) => void
  /** Every console line as it arrives (live output with --verbose). */
  onConsole?: (line: string) => void
}

export interface NodeReport {
  node: string
  accel: Accel
  classification: Classification
  /** Milliseconds from qemu start to the end of each phase reached. */
  timings: Partial<Record<Phase | 'exit', number>>
  /** Milliseconds from qemu start to each `mark` the guest sent (init's own, and `vmgate-mark NAME`). */
  marks: Record<string, number>
  /** When qemu started, on this process's performance.now() clock: nodes of a topology line up by it. */
  startedAt?: number
  consoleTail: string[]
  workDir: string
  argv: string[]
  result?: unknown
}

// After the result, the guest syncs and powers off; it should take well under this.
const SHUTDOWN_MS = 10_000
// A shell has no deadline; waitFor caps the timer at what setTimeout can take.
const INTERACTIVE_MS = Number.MAX_SAFE_INTEGER

export async function bootNode(req: NodeRequest): Promise<NodeReport> {
  const nonce = randomBytes(16).toString('hex')
  const machine = await Machine.create({ name: req.name, nonce, logDir: req.logDir })
  const timings: NodeReport['timings'] = {}
  const marks: NodeReport['marks'] = {}
  let started: number | undefined
  let output: { close(): Promise<void> } | undefined
  let timedOut: Observation['timedOut']
  let infra: string | undefined
  let stopped: string | undefined
  try {
    if (req.onEvent) machine.on('event', req.onEvent)
    if (req.onConsole) machine.on('console', req.onConsole)
    machine.on('event', (event: ChannelEvent) => event.event === 'mark' && (marks[event.name] = performance.now() - started!))
    if (req.logDir) output = commandOutput(machine, join(req.logDir, 'output.log'))
    started = performance.now()
    await machine.start({
      arch: req.arch, accel: req.accel, kernel: req.kernel, initrd: req.initrd,
      memoryMb: req.memoryMb ?? 256, cpus: req.cpus ?? 1,
      kernelParams: guestParams({ nonce, role: req.name, command: req.command, timeoutS: req.timeouts.test / 1000, debug: req.debug ?? false, nics: req.nics, readyByCommand: req.readyByCommand }),
      console: req.debug ? 'interactive' : 'pipe',
      nics: req.nics,
    })
    // Each phase ends with the first event of its kind: any event, `ready`, `result`.
    const phases: [Phase, string, number][] = [
      ['boot', 'any', req.timeouts.boot],
      ['ready', 'ready', req.timeouts.ready],
      ['test', 'result', req.debug ? INTERACTIVE_MS : req.timeouts.test + 10_000],
    ]
    for (const [phase, kind, ms] of phases) {
      const outcome = await untilEvent(machine, phase, ms, kind, req.signal)
      if (outcome === 'exited') break
      timings[phase] = machine.reached.get(kind)! - started
    }
    const exit = await waitFor<QemuExit>('shutdown', SHUTDOWN_MS, ({ resolve }) => (void machine.exited().then(resolve), () => {}), req.signal)
    timings.exit = performance.now() - started
    infra = qemuFailure(exit, machine.channelOpened)
  } catch (error) {
    // A stop asked for by the caller (a topology whose other node failed) is an
    // outcome, reported with what the guest printed; Ctrl-C is not.
    if (req.signal?.aborted && error === req.signal.reason && !(error instanceof Interrupted)) stopped = String(error)
    else if (!(error instanceof PhaseTimeout)) throw error
    else if (error.phase !== 'shutdown') timedOut = { phase: error.phase as Phase, afterMs: error.afterMs }
  } finally {
    await machine.dispose(req.keepWorkDir)
    await output?.close()
  }
  const verdict = machine.verdict.verdict()
  const classification: Classification = stopped
    ? { kind: 'fail', reason: `stopped: ${stopped}` }
    : classify({ infra, panicLine: machine.panicLine, timedOut, channelOpened: machine.channelOpened, verdict })
  return { node: req.name, accel: req.accel, classification, timings, marks, startedAt: started, consoleTail: machine.console.tail(150), workDir: machine.workDir, argv: machine.argv, result: verdict.result }
}

/** The command's output as plain lines, stdout and stderr interleaved as they arrived. */
function commandOutput(machine: Machine, path: string): { close(): Promise<void> } {
  const out = createWriteStream(path)
  machine.on('event', (event: ChannelEvent) => event.event === 'log' && out.write(`${event.line}\n`))
  return { close: () => new Promise((resolve) => out.end(resolve)) }
}

/** Waits until an event of `kind` has arrived (perhaps already), or qemu exits. */
function untilEvent(machine: Machine, phase: Phase, ms: number, kind: string, signal?: AbortSignal): Promise<'event' | 'exited'> {
  return waitFor(phase, ms, ({ resolve }) => {
    if (machine.reached.has(kind)) resolve('event')
    const onEvent = () => machine.reached.has(kind) && resolve('event')
    machine.on('event', onEvent)
    void machine.exited().then(() => resolve('exited'))
    return () => machine.off('event', onEvent)
  }, signal)
}

/** qemu exiting with an error before the guest ever spoke is the lab's fault, not the test's. */
function qemuFailure(exit: QemuExit, channelOpened: boolean): string | undefined {
  if (channelOpened || (exit.code === 0 && !exit.signal)) return undefined
  const how = exit.signal ? `killed by ${exit.signal}` : `exit ${exit.code ?? 'unknown'}`
  return `qemu failed (${how}): ${exit.stderr.trim().split('\n').slice(-5).join(' | ') || 'no message'}`
}
