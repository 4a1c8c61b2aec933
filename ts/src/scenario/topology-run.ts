// Boots every node of a topology at once, each running its command once the
// nodes it comes after are ready; runs the scenario's script beside them, and reports one classification per
// node plus each emulated link's counters. When a node does not pass, the others
// are stopped: they would only wait for it until their deadlines. Services are
// stopped, as a pass, once every other node is done.
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Interrupted } from '../errors.js'
import type { LogSink } from '../log.js'
import { bootNode, NodeStop, type NodeReport } from '../run/boot-node.js'
import { prepareGuest, type GuestArtifacts } from '../run/prepare.js'
import { phaseTimeouts, resolveAccel } from '../run/run-guest.js'
import type { Store } from '../store/store.js'
import type { AccelRequest } from '../vm/accel.js'
import { EmulatedLink } from '../net/emulated-link.js'
import { directLink, unlinkedNetdev } from '../net/link.js'
import type { LinkStats } from '../net/link-protocol.js'
import { macFor } from '../net/mac.js'
import { linkName, nodePlan, type Topology } from '../net/topology.js'
import type { MachineLowering } from '../arch/index.js'
import { userCodeGuestWords, userCodeQemuArgs } from '../usercode/lower.js'
import type { UserCode } from '../usercode/spec.js'
import { Snapshots } from '../vm/snapshot.js'

export interface TopologyOptions {
  store: Store
  log: LogSink
  accel: AccelRequest
  signal?: AbortSignal
  /** Seeds every emulated link's impairments. */
  seed?: number
  /** Where node logs and link pcaps are kept; a temp dir (removed) when absent. */
  resultsDir?: string
  /** Print every console line live. */
  verbose?: boolean
  /** Boot every node for real: neither restore snapshots nor save them. */
  cold?: boolean
  script?: (context: ScriptContext) => Promise<void>
}

export interface ScriptContext {
  link(name: string): EmulatedLink
  /** Resolves when the node reports ready; rejects if it ends first. */
  ready(node: string): Promise<void>
  signal: AbortSignal
}

export interface TopologyReport {
  accel: NodeReport['accel']
  /** The seed the emulated links used. */
  seed: number
  nodes: NodeReport[]
  links: Record<string, LinkStats | undefined>
  scriptError?: string
}

export async function runTopology(topology: Topology, options: TopologyOptions): Promise<TopologyReport> {
  const artifacts = await nodeArtifacts(topology, options)
  const { accel } = await resolveAccel(options.accel, artifacts.values().next().value!, options.store, options.signal)
  const scratch = await mkdtemp(join(tmpdir(), `vmgate-${topology.name}-`))
  // Stops every node when one fails (they would only wait for it) or the script fails.
  const stop = new AbortController()
  const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal
  // Stops the services, as a pass, once the test nodes are done.
  const services = new AbortController()
  const links = new Map<string, EmulatedLink>()
  try {
    const backends = await startLinks(topology, scratch, options, links)
    const ctx: NodeContext = {
      topology,
      artifacts,
      accel,
      backends,
      signal,
      services: AbortSignal.any([signal, services.signal]),
      options,
      runs: new Map(),
    }
    for (const name of Object.keys(topology.nodes)) ctx.runs.set(name, new NodeRun(name, ctx))
    const script = runScript(options.script, {
      link: (name) => lookupLink(links, name),
      ready: (node) => ctx.runs.get(node)!.ready.promise,
      signal,
    }).then((error) => {
      if (error) stop.abort(new NodeStop('the scenario script failed'))
      return error
    })
    const reports = [...ctx.runs.values()].map(async (run) => {
      const report = await run.run()
      if (report.classification.kind !== 'pass') stop.abort(new NodeStop(`${run.name} ${report.classification.kind}`))
      return report
    })
    const tests = [...ctx.runs.values()].flatMap((run, i) => (run.spec.service ? [] : [reports[i]]))
    void Promise.all([...tests, script]).then(
      () => services.abort(new NodeStop('the test nodes are done', true)),
      () => {},
    )
    const nodes = await Promise.all(reports)
    const scriptError = await script
    return { accel, seed: options.seed ?? 1, nodes, links: await stopLinks(links), scriptError }
  } finally {
    stop.abort(new NodeStop('the topology finished'))
    await stopLinks(links)
    await rm(scratch, { recursive: true, force: true })
  }
}

/** A node's guest: the kernel and root it boots, and its machine. */
type NodeGuest = GuestArtifacts & { machine: MachineLowering }

/** Plans every node's machine (a bad ask is refused before anything builds), then builds each distinct kernel, root and user code once. */
async function nodeArtifacts(topology: Topology, options: TopologyOptions): Promise<Map<string, NodeGuest>> {
  const plans = new Map(Object.keys(topology.nodes).map((name) => [name, nodePlan(topology, name)]))
  const groupOf = (name: string) =>
    `${plans.get(name)!.kernel}\0${topology.nodes[name].root ?? topology.root}\0${JSON.stringify(topology.nodes[name].code ?? null)}`
  const groups = new Map<string, { kernel: string; root: string; code?: UserCode }>()
  for (const [name, spec] of Object.entries(topology.nodes))
    if (!groups.has(groupOf(name)))
      groups.set(groupOf(name), { kernel: plans.get(name)!.kernel, root: spec.root ?? topology.root, code: spec.code })
  const prepared = new Map<string, GuestArtifacts>()
  for (const [key, group] of groups)
    prepared.set(key, await prepareGuest(group.kernel, options.store, options.log, group.root, group.code))
  return new Map([...plans].map(([name, plan]) => [name, { ...prepared.get(groupOf(name))!, machine: plan.machine }]))
}

async function runScript(script: TopologyOptions['script'], context: ScriptContext): Promise<string | undefined> {
  try {
    await script?.(context)
    return undefined
  } catch (error) {
    if (error instanceof Interrupted) throw error
    return `scenario script failed: ${(error as Error)?.message ?? error}`
  }
}

function lookupLink(links: Map<string, EmulatedLink>, name: string): EmulatedLink {
  const link = links.get(name)
  if (!link) throw new Error(`no emulated link '${name}'; emulated links: ${[...links.keys()].join(', ') || 'none'}`)
  return link
}

interface NodeContext {
  topology: Topology
  /** Per node: the kernel and root it boots, and its machine. */
  artifacts: Map<string, NodeGuest>
  accel: NodeReport['accel']
  backends: Map<string, Backend>
  signal: AbortSignal
  /** Also aborts once the test nodes are done: what stops services. */
  services: AbortSignal
  options: TopologyOptions
  runs: Map<string, NodeRun>
}

/** One node's run: it boots at once, runs its command once the nodes it comes after are ready, and owns its readiness. */
class NodeRun {
  readonly ready = deferred()
  readonly spec: Topology['nodes'][string]

  constructor(
    readonly name: string,
    private readonly ctx: NodeContext,
  ) {
    this.spec = ctx.topology.nodes[name]
  }

  async run(): Promise<NodeReport> {
    try {
      return await this.boot()
    } finally {
      this.ready.fail(this.name)
    }
  }

  private async boot(): Promise<NodeReport> {
    const { ctx, spec } = this
    // The guest boots at once; its run waits for the nodes it comes after. If one
    // of them ends unready, the node is stopped unrun.
    const unstarted = new AbortController()
    let notStarted: string | undefined
    const startWhen = Promise.all(spec.after.map((dep) => ctx.runs.get(dep)!.ready.promise)).then(
      () => {},
      (failed: Error) => {
        notStarted = `not started: ${failed.message}`
        unstarted.abort(new NodeStop(notStarted))
        return new Promise<void>(() => {})
      },
    )
    const signal = AbortSignal.any([spec.service ? ctx.services : ctx.signal, unstarted.signal])
    const report = await this.bootWhen(startWhen, signal)
    return notStarted ? { ...report, classification: { kind: 'fail', reason: notStarted } } : report
  }

  private async bootWhen(startWhen: Promise<void>, signal: AbortSignal): Promise<NodeReport> {
    const { ctx, name, spec } = this
    const artifacts = ctx.artifacts.get(name)!
    const nics = Object.entries(spec.nics).map(([nic, { addresses, model }]) => ({
      mac: macFor(ctx.topology.name, name, nic),
      model,
      addresses,
      ...ctx.backends.get(`${name}.${nic}`)!,
    }))
    const logDir = ctx.options.resultsDir ? join(ctx.options.resultsDir, name) : undefined
    if (logDir) await mkdir(logDir, { recursive: true })
    const { log, verbose } = ctx.options
    try {
      return await bootNode({
        name,
        arch: artifacts.arch,
        machine: artifacts.machine,
        accel: ctx.accel,
        kernel: artifacts.kernel.image,
        initrd: artifacts.root.path,
        cpus: spec.cpus,
        memoryMb: spec.memory,
        iommu: Boolean(spec.iommu),
        hostHugepages: spec.hostHugepages,
        guestHugepages: spec.guestHugepages,
        command: spec.command,
        timeouts: phaseTimeouts(spec.timeoutS * 1000),
        nics,
        readyByCommand: spec.readyByCommand,
        startWhen,
        ...(spec.code && {
          devices: userCodeQemuArgs(spec.code, artifacts.machine),
          guestWords: userCodeGuestWords(spec.code),
        }),
        signal,
        logDir,
        onEvent: (event) => {
          if (event.event === 'ready') this.ready.resolve()
          if (verbose && event.event === 'log')
            log({ kind: 'output', node: name, stream: event.stream, line: event.line })
        },
        onConsole: verbose ? (line) => log({ kind: 'console', node: name, line }) : undefined,
        snapshots: ctx.options.cold ? undefined : new Snapshots(ctx.options.store),
        log,
      })
    } catch (error) {
      if (error instanceof Interrupted) throw error
      return this.unbooted({ kind: 'infra', reason: `${(error as Error)?.message ?? error}` })
    }
  }

  private unbooted(classification: NodeReport['classification']): NodeReport {
    return {
      node: this.name,
      arch: this.ctx.artifacts.get(this.name)!.arch.name,
      accel: this.ctx.accel,
      classification,
      timings: {},
      marks: {},
      consoleTail: [],
      outputTail: [],
      workDir: '',
      argv: [],
    }
  }
}

interface Backend {
  netdev: string
  pcap?: string
}

/**
 * Starts emulated links; returns each NIC's -netdev backend. Every link leaves
 * `<link>.pcap` in the results (unless it says `capture: false`): the link
 * process writes it for an emulated link, qemu (on the `a` end) for a direct one. An unlinked NIC is a cable to nowhere.
 */
async function startLinks(
  topology: Topology,
  scratch: string,
  options: TopologyOptions,
  links: Map<string, EmulatedLink>,
): Promise<Map<string, Backend>> {
  const backends = new Map<string, Backend>()
  if (options.resultsDir) await mkdir(options.resultsDir, { recursive: true })
  for (const [index, link] of topology.links.entries()) {
    const name = linkName(link, index)
    const pcap = link.capture ? join(options.resultsDir ?? scratch, `${name}.pcap`) : undefined
    if (link.kind === 'direct') {
      const ends = directLink(scratch, name)
      backends
        .set(link.a, { netdev: ends.a, pcap: options.resultsDir ? pcap : undefined })
        .set(link.b, { netdev: ends.b })
      continue
    }
    const emulated = await EmulatedLink.start({
      name,
      dir: scratch,
      seed: options.seed ?? 1,
      impairment: link.impairment ?? {},
      pcapPath: pcap,
    })
    links.set(name, emulated)
    backends.set(link.a, { netdev: emulated.netdev('a') }).set(link.b, { netdev: emulated.netdev('b') })
  }
  for (const [node, spec] of Object.entries(topology.nodes)) {
    for (const nic of Object.keys(spec.nics))
      if (!backends.has(`${node}.${nic}`))
        backends.set(`${node}.${nic}`, { netdev: unlinkedNetdev(scratch, `${node}-${nic}`) })
  }
  return backends
}

async function stopLinks(links: Map<string, EmulatedLink>): Promise<TopologyReport['links']> {
  const entries = await Promise.all([...links].map(async ([name, link]) => [name, await link.stop()] as const))
  links.clear()
  return Object.fromEntries(entries)
}

interface Deferred {
  promise: Promise<void>
  resolve(): void
  fail(name: string): void
}

function deferred(): Deferred {
  let settled = false
  let resolve!: () => void
  let reject!: (reason: Error) => void
  const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)))
  promise.catch(() => {})
  return {
    promise,
    resolve: () => ((settled = true), resolve()),
    fail: (name) => !settled && ((settled = true), reject(new Error(`${name} ended before it was ready`))),
  }
}
