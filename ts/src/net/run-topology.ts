// Boots every node of a topology, each once the nodes it comes after are ready,
// and reports one classification per node. When a node does not pass, the
// others are stopped: they would only wait for it until their deadlines.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Interrupted } from '../errors.js'
import type { LogSink } from '../log.js'
import { bootNode, type NodeReport } from '../run/boot-node.js'
import { prepareGuest, type GuestArtifacts } from '../run/prepare.js'
import { phaseTimeouts, resolveAccel } from '../run/run-guest.js'
import type { Store } from '../store/store.js'
import type { AccelRequest } from '../vm/accel.js'
import { directLink } from './link.js'
import { macFor } from './mac.js'
import type { Topology } from './topology.js'

export interface TopologyOptions {
  store: Store
  log: LogSink
  accel: AccelRequest
  signal?: AbortSignal
  /** Print every console line live. */
  verbose?: boolean
}

type NicBackends = Map<string, string>

export async function runTopology(topology: Topology, options: TopologyOptions): Promise<NodeReport[]> {
  const artifacts = await prepareGuest(topology.kernel, options.store, options.log)
  const { accel } = await resolveAccel(options.accel, artifacts, options.store, options.signal)
  const dir = await mkdtemp(join(tmpdir(), `vmgate-${topology.name}-`))
  const stop = new AbortController()
  const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal
  try {
    const backends = linkBackends(topology, dir)
    const ready = new Map(Object.keys(topology.nodes).map((name) => [name, deferred()]))
    const runs = Object.keys(topology.nodes).map(async (name): Promise<NodeReport> => {
      const report = await runNode(topology, name, { artifacts, accel, backends, ready, signal, log: options.log, verbose: options.verbose ?? false })
      ready.get(name)!.fail(name)
      if (report.classification.kind !== 'pass' && !stop.signal.aborted) stop.abort(`${name} ${report.classification.kind}`)
      return report
    })
    return await Promise.all(runs)
  } finally {
    stop.abort('topology finished')
    await rm(dir, { recursive: true, force: true })
  }
}

interface NodeContext {
  artifacts: GuestArtifacts
  accel: NodeReport['accel']
  backends: NicBackends
  ready: Map<string, Deferred>
  signal: AbortSignal
  log: LogSink
  verbose: boolean
}

async function runNode(topology: Topology, name: string, ctx: NodeContext): Promise<NodeReport> {
  const spec = topology.nodes[name]
  const notStarted = (reason: string): NodeReport => ({ node: name, accel: ctx.accel, classification: { kind: 'fail', reason }, timings: {}, consoleTail: [], workDir: '', argv: [] })
  try {
    await Promise.all(spec.after.map((dep) => ctx.ready.get(dep)!.promise))
  } catch (failed) {
    return notStarted(`not started: ${failed} ended before it was ready`)
  }
  const nics = Object.entries(spec.nics).map(([nic, addresses]) => ({ mac: macFor(topology.name, name, nic), addresses, netdev: ctx.backends.get(`${name}.${nic}`)! }))
  try {
    return await bootNode({
      name, arch: ctx.artifacts.arch, accel: ctx.accel, kernel: ctx.artifacts.kernel.image, initrd: ctx.artifacts.root.path,
      command: spec.command, timeouts: phaseTimeouts(spec.timeoutS * 1000), nics, readyByCommand: spec.readyByCommand, signal: ctx.signal,
      onEvent: (event) => event.event === 'ready' && ctx.ready.get(name)!.resolve(),
      onConsole: ctx.verbose ? (line) => ctx.log({ kind: 'console', node: name, line }) : undefined,
    })
  } catch (error) {
    if (error instanceof Interrupted) throw error
    return notStarted(`stopped: ${error}`)
  }
}

/** Each linked NIC gets its end of the link; an unlinked NIC is a cable to nowhere. */
function linkBackends(topology: Topology, dir: string): NicBackends {
  const backends: NicBackends = new Map()
  topology.links.forEach((link, index) => {
    const ends = directLink(dir, `l${index}`)
    backends.set(link.a, ends.a)
    backends.set(link.b, ends.b)
  })
  for (const [node, spec] of Object.entries(topology.nodes)) {
    for (const nic of Object.keys(spec.nics)) if (!backends.has(`${node}.${nic}`)) backends.set(`${node}.${nic}`, directLink(dir, `${node}-${nic}-unlinked`).a)
  }
  return backends
}

interface Deferred {
  promise: Promise<void>
  resolve(): void
  fail(name: string): void
}

function deferred(): Deferred {
  let settled = false
  let resolve!: () => void
  let reject!: (reason: string) => void
  const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)))
  promise.catch(() => {})
  return {
    promise,
    resolve: () => ((settled = true), resolve()),
    fail: (name) => !settled && ((settled = true), reject(name)),
  }
}
