// Boots one guest and waits through its phases: boot (qemu start → first
// channel event), ready (→ `ready`), test (→ `result`), then the guest's own
// power-off. Each phase has its own timeout. What the wait saw is an
// Observation; the pure classifier (guest/classify.ts) makes it a verdict.
import { randomBytes } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { join } from 'node:path'
import { nicLowering, type Accel, type ArchLowering, type MachineLowering, type NicModel } from '../arch/index.js'
import type { ChannelEvent } from '../guest/channel.js'
import { classify, type Classification, type Observation, type Phase } from '../guest/classify.js'
import { guestParams } from '../guest/params.js'
import { checkHostHugepages } from '../vm/hugepages.js'
import { Machine, type QemuExit } from '../vm/machine.js'
import { RingBuffer } from '../vm/ring-buffer.js'
import { PhaseTimeout, waitFor } from '../wait.js'

export interface NodeRequest {
  name: string
  arch: ArchLowering
  accel: Accel
  kernel: string
  initrd: string
  command: string[]
  /** One of arch.machines; the arch's first (default) machine when absent. */
  machine?: MachineLowering
  memoryMb?: number
  cpus?: number
  /** The machine's vIOMMU, host hugepages behind guest RAM, hugepages the guest reserves. */
  iommu?: boolean
  hostHugepages?: boolean
  guestHugepages?: number
  timeouts: Record<Phase, number>
  debug?: boolean
  /** NICs: MAC, model (virtio when absent), addresses for the guest, and the -netdev backend. */
  nics?: { mac: string; model?: NicModel; addresses: string[]; netdev: string; pcap?: string }[]
  readyByCommand?: boolean
  keepWorkDir?: boolean
  /** Where console.log, channel.log and output.log (the command's output, plain) go, kept; the machine's temp dir when absent. */
  logDir?: string
  /** Aborting it stops the node: with a NodeStop as the reason that is an outcome; anything else (Ctrl-C) is thrown. */
  signal?: AbortSignal
  onEvent?: (event: ChannelEvent) => void
  /** Every console line as it arrives (live output with --verbose). */
  onConsole?: (line: string) => void
  /** More qemu device arguments and kernel words: what user code lowers to (usercode/lower.ts). */
  devices?: string[]
  kernelParams?: string[]
}

export interface NodeReport {
  node: string
  /** The guest's arch (its lowering's name). */
  arch: string
  accel: Accel
  /** The machine it booted (microvm, q35); absent when it never booted. */
  machine?: string
  classification: Classification
  /** Milliseconds from qemu start to the end of each phase reached. */
  timings: Partial<Record<Phase | 'exit', number>>
  /** Milliseconds from qemu start to each `mark` the guest sent (init's own, and `vmgate-mark NAME`). */
  marks: Record<string, number>
  /** When qemu started, on this process's performance.now() clock: nodes of a topology line up by it. */
  startedAt?: number
  consoleTail: string[]
  /** The last lines of the command's own output, from the channel. */
  outputTail: string[]
  workDir: string
  argv: string[]
  result?: unknown
}

/** An abort reason that stops a node on purpose; `asPass` for a service whose test nodes are done. */
export class NodeStop {
  constructor(
    readonly reason: string,
    readonly asPass = false,
  ) {}

  toString(): string {
    return this.reason
  }
}

// The guest enforces the test deadline itself and reports `timed_out`; the host
// gives it this much longer before it calls the test phase timed out itself.
const GUEST_REPORT_GRACE_MS = 10_000
// After the result the guest syncs and powers off; it takes well under this.
// Running out is no verdict of its own: the machine is stopped either way.
const POWEROFF_MS = 10_000
// A shell has no deadline; waitFor caps the timer at what setTimeout can take.
const INTERACTIVE_MS = Number.MAX_SAFE_INTEGER
const TAIL_LINES = 150

export async function bootNode(req: NodeRequest): Promise<NodeReport> {
  const nonce = randomBytes(16).toString('hex')
  const machine = await Machine.create({ name: req.name, nonce, logDir: req.logDir })
  const timings: NodeReport['timings'] = {}
  const seen = watchGuest(machine, req)
  let waited: Pick<Observation, 'infra' | 'timedOut' | 'stopped'>
  try {
    const memoryMb = req.memoryMb ?? 256
    if (req.hostHugepages) await checkHostHugepages([{ node: req.name, memoryMb }], req.arch.hugepageKb)
    seen.started = performance.now()
    const kind = req.machine ?? req.arch.machines[0]
    const nics = req.nics?.map((nic) => ({ ...nic, driver: nicLowering(kind, nic.model ?? 'virtio').driver }))
    await machine.start({
      arch: req.arch,
      machine: kind,
      accel: req.accel,
      kernel: req.kernel,
      initrd: req.initrd,
      memoryMb,
      cpus: req.cpus ?? 1,
      iommu: req.iommu,
      hostHugepages: req.hostHugepages,
      guestHugepages: req.guestHugepages,
      kernelParams: guestParams({
        nonce,
        role: req.name,
        command: req.command,
        timeoutS: req.timeouts.test / 1000,
        debug: req.debug ?? false,
        nics,
        readyByCommand: req.readyByCommand,
      }).concat(req.kernelParams ?? []),
      console: req.debug ? 'interactive' : 'pipe',
      nics: req.nics,
      devices: req.devices,
    })
    waited = await waitPhases(machine, req, seen.started, timings)
  } catch (error) {
    if (!(req.signal?.aborted && error === req.signal.reason && error instanceof NodeStop)) throw error
    // A stop asked for by the caller is an outcome, reported with what the guest printed.
    waited = { stopped: { reason: error.reason, asPass: error.asPass } }
  } finally {
    await machine.dispose(req.keepWorkDir)
    await seen.close()
  }
  const verdict = machine.verdict.verdict()
  const classification = classify({
    ...waited,
    panicLine: machine.panicLine,
    channelOpened: machine.channelOpened,
    verdict,
  })
  return {
    node: req.name,
    arch: req.arch.name,
    accel: req.accel,
    machine: (req.machine ?? req.arch.machines[0]).name,
    classification,
    timings,
    marks: seen.marks,
    startedAt: seen.started,
    consoleTail: machine.console.tail(TAIL_LINES),
    outputTail: seen.output.tail(TAIL_LINES),
    workDir: machine.workDir,
    argv: machine.argv,
    result: verdict.result,
  }
}

/** Each guest phase ends with the first event of its kind; a phase that runs out is the observation. */
async function waitPhases(
  machine: Machine,
  req: NodeRequest,
  started: number,
  timings: NodeReport['timings'],
): Promise<Pick<Observation, 'infra' | 'timedOut'>> {
  const phases: [Phase, string, number][] = [
    ['boot', 'any', req.timeouts.boot],
    ['ready', 'ready', req.timeouts.ready],
    ['test', 'result', req.debug ? INTERACTIVE_MS : req.timeouts.test + GUEST_REPORT_GRACE_MS],
  ]
  try {
    for (const [phase, kind, ms] of phases) {
      if ((await untilEvent(machine, phase, ms, kind, req.signal)) === 'exited') break
      timings[phase] = machine.reached.get(kind)! - started
    }
  } catch (error) {
    if (!(error instanceof PhaseTimeout)) throw error
    return { timedOut: { phase: error.phase as Phase, afterMs: error.afterMs, lastState: error.lastState } }
  }
  const exit = await waitFor<QemuExit | undefined>(
    { phase: 'poweroff', timeoutMs: POWEROFF_MS, signal: req.signal },
    ({ resolve }) => {
      void machine.exited().then(resolve)
      return () => {}
    },
  ).catch((error) => (error instanceof PhaseTimeout ? undefined : Promise.reject(error)))
  timings.exit = performance.now() - started
  return { infra: exit && qemuFailure(exit, machine.channelOpened) }
}

/** What a node's run collects besides the verdict: marks, the command's output (tail and output.log). */
function watchGuest(machine: Machine, req: NodeRequest) {
  const output = new RingBuffer<string>(TAIL_LINES)
  const file = req.logDir ? createWriteStream(join(req.logDir, 'output.log')) : undefined
  const seen = {
    started: 0,
    marks: {} as NodeReport['marks'],
    output,
    close: () => new Promise<void>((resolve) => (file ? file.end(resolve) : resolve())),
  }
  if (req.onEvent) machine.on('event', req.onEvent)
  if (req.onConsole) machine.on('console', req.onConsole)
  machine.on('event', (event: ChannelEvent) => {
    if (event.event === 'mark') seen.marks[event.name] = performance.now() - seen.started
    if (event.event !== 'log') return
    output.push(event.line)
    file?.write(`${event.line}\n`)
  })
  return seen
}

/** Waits until an event of `kind` has arrived (perhaps already), or qemu exits. */
function untilEvent(
  machine: Machine,
  phase: Phase,
  ms: number,
  kind: string,
  signal?: AbortSignal,
): Promise<'event' | 'exited'> {
  return waitFor({ phase, timeoutMs: ms, signal, lastState: () => lastSeen(machine) }, ({ resolve }) => {
    if (machine.reached.has(kind)) resolve('event')
    const onEvent = () => machine.reached.has(kind) && resolve('event')
    machine.on('event', onEvent)
    void machine.exited().then(() => resolve('exited'))
    return () => machine.off('event', onEvent)
  })
}

function lastSeen(machine: Machine): string {
  const events = [...machine.reached.keys()].filter((kind) => kind !== 'any')
  const line = machine.console.tail(1)[0]
  return `${events.length ? `channel events ${events.join(', ')}` : 'no channel event'}; last console line: ${line === undefined ? 'none' : JSON.stringify(line.slice(0, 160))}`
}

/** qemu exiting with an error before the guest ever spoke is the lab's fault, not the test's. */
function qemuFailure(exit: QemuExit, channelOpened: boolean): string | undefined {
  if (channelOpened || (exit.code === 0 && !exit.signal)) return undefined
  const how = exit.signal ? `killed by ${exit.signal}` : `exit ${exit.code ?? 'unknown'}`
  return `qemu failed (${how}): ${exit.stderr.trim().split('\n').slice(-5).join(' | ') || 'no message'}`
}
