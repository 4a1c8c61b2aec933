// Boots one guest and waits through its phases: boot (qemu start → first
// channel event), ready (→ `ready`), test (→ `result`), then the guest's own
// power-off. Each phase has its own timeout; a run held for the nodes it comes
// after waits between boot and ready (a restored guest: before boot), untimed. What the wait saw is an
// Observation; the pure classifier (guest/classify.ts) makes it a verdict.
// With snapshots, a guest whose shape was saved before is restored instead of
// booted; one that fails to restore boots cold, and its snapshot is replaced.
import { randomBytes } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { join } from 'node:path'
import { nicLowering, type Accel, type ArchLowering, type MachineLowering, type NicModel } from '../arch/index.js'
import type { ChannelEvent } from '../guest/channel.js'
import { classify, type Classification, type Observation, type Phase } from '../guest/classify.js'
import { guestParams, runLine } from '../guest/params.js'
import type { LogSink } from '../log.js'
import { slotMac } from '../net/mac.js'
import { tool } from '../toolchain/resolve.js'
import { checkHostHugepages } from '../vm/hugepages.js'
import { Machine, type QemuExit } from '../vm/machine.js'
import { RingBuffer } from '../vm/ring-buffer.js'
import { restoreFrom, type BootMode, type ShapeSpec, type SnapshotPlan, type Snapshots } from '../vm/snapshot.js'
import { PhaseTimeout, waitFor } from '../wait.js'
import { traceMark } from '../startup-trace.js'

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
  /**
   * The run is held until this resolves (the nodes this one comes after are
   * ready): the guest boots, or restores, meanwhile, so a dependency's wait is
   * not followed by a boot. To give up on the node, abort its signal.
   */
  startWhen?: Promise<void>
  keepWorkDir?: boolean
  /** Where console.log, channel.log and output.log (the command's output, plain) go, kept; the machine's temp dir when absent. */
  logDir?: string
  /** Aborting it stops the node: with a NodeStop as the reason that is an outcome; anything else (Ctrl-C) is thrown. */
  signal?: AbortSignal
  onEvent?: (event: ChannelEvent) => void
  /** Every console line as it arrives (live output with --verbose). */
  onConsole?: (line: string) => void
  /** More qemu device arguments and vmgate.* words for the run: what user code lowers to (usercode/lower.ts). */
  devices?: string[]
  guestWords?: string[]
  /** Restore the node's shape from a snapshot, or save one on a cold boot; absent: always cold. */
  snapshots?: Snapshots
  /** Where a snapshot that failed to restore is reported. */
  log?: LogSink
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
  /** Booted cold, cold and saved as a snapshot, or restored from one; `why` when it was not restored; the snapshot's store path. */
  boot?: { mode: BootMode; why?: string; snapshot?: string }
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
// A restored guest speaks within a fraction of a second; past this the
// snapshot is taken for bad and the node boots cold.
const RESTORE_MS = 15_000

export async function bootNode(req: NodeRequest): Promise<NodeReport> {
  const shape = machineShape(req)
  const plan: SnapshotPlan = req.snapshots
    ? await req.snapshots.plan(shape, tool(req.arch.tools.qemu), snapshotRefusal(req))
    : { mode: 'cold', why: 'snapshots off' }
  traceMark(`snapshot plan: ${plan.mode}`)
  const first = await bootOnce(req, shape, plan)
  if (plan.mode !== 'restore' || first.restoreFailure === undefined) return first.report
  await req.snapshots!.discard(plan.entry)
  const why = `the snapshot failed to restore (${first.restoreFailure}); booted cold`
  req.log?.({ kind: 'warn', message: `${req.name}: ${why}` })
  return (await bootOnce(req, shape, { mode: 'cold', inputs: plan.inputs, why })).report
}

/** Why a node boots cold and saves nothing, whatever the store holds. */
function snapshotRefusal(req: NodeRequest): string | undefined {
  if (req.debug) return 'a shell boots cold'
  if (req.hostHugepages) return 'host hugepages boot cold'
  return undefined
}

/** The qemu machine a node asks for, before its per-run sockets. */
function machineShape(req: NodeRequest): ShapeSpec {
  const kind = req.machine ?? req.arch.machines[0]
  return {
    arch: req.arch,
    machine: kind,
    accel: req.accel,
    kernel: req.kernel,
    initrd: req.initrd,
    memoryMb: req.memoryMb ?? 256,
    cpus: req.cpus ?? 1,
    iommu: req.iommu,
    hostHugepages: req.hostHugepages,
    guestHugepages: req.guestHugepages,
    kernelParams: [],
    console: req.debug ? 'interactive' : 'pipe',
    // qemu's MACs are the shape's; each NIC gets the run's MAC from init.
    nics: req.nics?.map((nic, i) => ({ ...nic, mac: slotMac(i) })),
    devices: req.devices,
  }
}

async function bootOnce(
  req: NodeRequest,
  shape: ShapeSpec,
  plan: SnapshotPlan,
): Promise<{ report: NodeReport; restoreFailure?: string }> {
  const nonce = randomBytes(16).toString('hex')
  const machine = await Machine.create({ name: req.name, nonce, logDir: req.logDir })
  const timings: NodeReport['timings'] = {}
  const seen = watchGuest(machine, req)
  let boot: Promise<Required<NodeReport>['boot']> = Promise.resolve({
    mode: 'cold',
    why: plan.mode === 'cold' ? plan.why : 'qemu did not start',
  })
  let waited: Pick<Observation, 'infra' | 'timedOut' | 'stopped'>
  try {
    if (req.hostHugepages) await checkHostHugepages([{ node: req.name, memoryMb: shape.memoryMb }], req.arch.hugepageKb)
    traceMark('machine created')
    seen.started = performance.now()
    await machine.start({
      ...shape,
      qmpSocket: plan.mode === 'cold' && plan.inputs ? machine.qmpSocket : undefined,
      incoming: plan.mode === 'restore' ? restoreFrom(plan.entry) : undefined,
    })
    traceMark('qemu spawned')
    void machine.exited().then(() => traceMark('qemu exited'))
    const run = sendRun(machine, req, shape, plan, nonce)
    boot = run.boot
    const bootMs = plan.mode === 'restore' ? Math.min(RESTORE_MS, req.timeouts.boot) : req.timeouts.boot
    waited = await waitPhases(
      machine,
      req,
      { bootMs, restored: plan.mode === 'restore', sent: run.sent },
      seen.started,
      timings,
    )
  } catch (error) {
    if (!(req.signal?.aborted && error === req.signal.reason && error instanceof NodeStop)) throw error
    // A stop asked for by the caller is an outcome, reported with what the guest printed.
    waited = { stopped: { reason: error.reason, asPass: error.asPass } }
  } finally {
    await machine.dispose(req.keepWorkDir)
    await seen.close()
    traceMark('machine disposed')
  }
  const verdict = machine.verdict.verdict()
  const classification = classify({
    ...waited,
    panicLine: machine.panicLine,
    channelOpened: machine.channelOpened,
    verdict,
  })
  const restoreFailure =
    plan.mode === 'restore' && !machine.channelOpened && !waited.stopped
      ? (waited.infra ?? (waited.timedOut && `no word from the guest in ${waited.timedOut.afterMs} ms`))
      : undefined
  const report: NodeReport = {
    node: req.name,
    arch: req.arch.name,
    accel: req.accel,
    machine: shape.machine.name,
    classification,
    timings,
    marks: seen.marks,
    startedAt: seen.started,
    consoleTail: machine.console.tail(TAIL_LINES),
    outputTail: seen.output.tail(TAIL_LINES),
    workDir: machine.workDir,
    argv: machine.argv,
    result: verdict.result,
    boot: await boot,
  }
  return { report, restoreFailure }
}

/**
 * Sends the run when the guest can take it and the nodes it comes after are
 * ready: a restored guest said hello before it was saved, so at once; a booting
 * one when it says hello, after saving it as a snapshot when the plan says so.
 * `sent` resolves once the run line is out; `boot` with how the node booted.
 */
function sendRun(
  machine: Machine,
  req: NodeRequest,
  shape: ShapeSpec,
  plan: SnapshotPlan,
  nonce: string,
): { sent: Promise<void>; boot: Promise<Required<NodeReport>['boot']> } {
  // Built when sent, not before: the line carries the host's clock.
  const send = () =>
    machine.send(
      runLine(
        guestParams({
          nonce,
          role: req.name,
          command: req.command,
          timeoutS: req.timeouts.test / 1000,
          debug: req.debug ?? false,
          nics: shape.nics?.map((nic, i) => ({
            mac: nic.mac,
            runMac: req.nics![i].mac,
            driver: nicLowering(shape.machine, nic.model ?? 'virtio').driver,
            addresses: req.nics![i].addresses,
          })),
          readyByCommand: req.readyByCommand,
          words: req.guestWords,
        }),
      ),
    )
  const held = req.startWhen ?? Promise.resolve()
  if (plan.mode === 'restore') {
    const sent = held.then(send)
    return { sent, boot: Promise.resolve({ mode: 'restored', snapshot: plan.entry.path }) }
  }
  const booted = new Promise<Required<NodeReport>['boot']>((resolve) => {
    const onHello = async (event: ChannelEvent) => {
      if (event.event !== 'hello') return
      machine.off('event', onHello)
      const saved = plan.inputs ? await save(machine, req.snapshots!, plan.inputs, req.signal) : undefined
      resolve(saved ?? { mode: 'cold', why: plan.why })
    }
    machine.on('event', onHello)
    void machine.exited().then(
      () => resolve({ mode: 'cold', why: plan.why }),
      () => resolve({ mode: 'cold', why: plan.why }),
    )
  })
  const sent = booted.then(() => held).then(send)
  return { sent, boot: booted }
}

async function save(
  machine: Machine,
  snapshots: Snapshots,
  inputs: unknown,
  signal?: AbortSignal,
): Promise<Required<NodeReport>['boot'] | undefined> {
  try {
    const entry = await snapshots.save(inputs, machine.qmpSocket, signal)
    return entry ? { mode: 'saved', snapshot: entry.path } : { mode: 'cold', why: 'another run is saving this shape' }
  } catch (error) {
    return { mode: 'cold', why: `saving a snapshot failed: ${(error as Error).message}` }
  }
}

/** Each guest phase ends with the first event of its kind; a phase that runs out is the observation. */
async function waitPhases(
  machine: Machine,
  req: NodeRequest,
  run: { bootMs: number; restored: boolean; sent: Promise<void> },
  started: number,
  timings: NodeReport['timings'],
): Promise<Pick<Observation, 'infra' | 'timedOut'>> {
  const phases: [Phase, string, number][] = [
    ['boot', 'any', run.bootMs],
    ['ready', 'ready', req.timeouts.ready],
    ['test', 'result', req.debug ? INTERACTIVE_MS : req.timeouts.test + GUEST_REPORT_GRACE_MS],
  ]
  // A restored guest says nothing until its run arrives; a booting one says hello first.
  const holdBefore: Phase = run.restored ? 'boot' : 'ready'
  try {
    for (const [phase, kind, ms] of phases) {
      if (phase === holdBefore && (await untilSent(machine, run.sent, req.signal)) === 'exited') break
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

/** Waits, untimed, until the run line is out (the nodes before this one are ready), or qemu exits. */
function untilSent(machine: Machine, sent: Promise<void>, signal?: AbortSignal): Promise<'sent' | 'exited'> {
  return waitFor({ phase: 'boot', timeoutMs: INTERACTIVE_MS, signal }, ({ resolve, reject }) => {
    sent.then(() => resolve('sent'), reject)
    void machine.exited().then(() => resolve('exited'))
    return () => {}
  })
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
