// Boots restored from memory snapshots. A guest's shape (kernel and root bytes,
// arch, machine, devices, qemu binary) boots once to where vmgate-init says
// hello and waits for its run; qemu's migration saves it there into the store,
// and every later run of that shape restores it (-incoming) instead of booting.
// Nothing per-run is in a snapshot: the run arrives over the channel after.
import { statSync } from 'node:fs'
import { join } from 'node:path'
import { InfraError } from '../errors.js'
import type { Entry, Store } from '../store/store.js'
import { poll } from '../wait.js'
import { qemuArgs, type MachineSpec } from './qemu-args.js'
import { Qmp } from './qmp.js'

// Bump when what a snapshot holds changes meaning (init's protocol, the argv shape).
const FORMAT = 1
const KIND = 'snapshot'
// Writing ~30 MB of guest state to a file; generous for a loaded machine.
const SAVE_MS = 30_000

export type BootMode = 'cold' | 'saved' | 'restored'

/** What a node's boot does: restore `entry`, or boot cold (saving a snapshot when `inputs` is set). */
export type SnapshotPlan =
  { mode: 'restore'; entry: Entry; inputs: unknown } | { mode: 'cold'; inputs?: unknown; why: string }

export type ShapeSpec = Omit<MachineSpec, 'channelSocket' | 'qmpSocket' | 'incoming'>

export class Snapshots {
  constructor(private readonly store: Store) {}

  /** `refusal`: why this node's shape cannot be snapshotted (then it boots cold and saves nothing). */
  async plan(spec: ShapeSpec, qemu: string, refusal?: string): Promise<SnapshotPlan> {
    if (refusal) return { mode: 'cold', why: refusal }
    const inputs = await this.inputs(spec, qemu)
    const entry = await this.store.find(KIND, inputs)
    if (entry) return { mode: 'restore', entry, inputs }
    return { mode: 'cold', inputs, why: 'no snapshot of this shape yet: saving one' }
  }

  /**
   * Saves the guest behind `qmpSocket` (waiting at hello) and lets it go on.
   * Undefined when another run is saving this shape right now.
   */
  async save(inputs: unknown, qmpSocket: string, signal?: AbortSignal): Promise<Entry | undefined> {
    const qmp = await Qmp.open(qmpSocket)
    try {
      return await this.store.ensureUnlessBusy(KIND, inputs, async (dir) => {
        await qmp.execute('migrate', { uri: `exec:cat > ${shellQuote(stateFile(dir))}` })
        await poll({ phase: 'snapshot', timeoutMs: SAVE_MS, everyMs: 10, signal }, async () => {
          const { status, 'error-desc': error } = (await qmp.execute('query-migrate')) as MigrateInfo
          if (status === 'failed') throw new InfraError(`saving the snapshot failed: ${error ?? 'qemu gave no reason'}`)
          return status === 'completed' ? { done: true, value: undefined } : { done: false, state: String(status) }
        })
      })
    } finally {
      // A finished migration leaves the guest paused; a failed one left it running.
      const { status } = (await qmp.execute('query-status').catch(() => ({}))) as { status?: string }
      if (status && status !== 'running') await qmp.execute('cont').catch(() => {})
      qmp.end()
    }
  }

  /** A snapshot that failed to restore goes, so that the next cold boot saves a good one. */
  discard(entry: Entry): Promise<void> {
    return this.store.remove(entry)
  }

  private async inputs(spec: ShapeSpec, qemu: string): Promise<unknown> {
    const [kernel, initrd] = await Promise.all([
      this.store.fingerprint(spec.kernel),
      this.store.fingerprint(spec.initrd),
    ])
    return { format: FORMAT, qemu: binaryIdentity(qemu), kernel, initrd, argv: shapeArgv(spec) }
  }
}

type MigrateInfo = { status?: string; 'error-desc'?: string }

/** qemu's argv for a shape, with what differs per run (socket, backend and capture paths) left out. */
/**
 * What of a NIC's backend the guest's state depends on: a tap (or bridge) offers
 * virtio-net offloads that socket backends (dgram, stream, user) do not, and the
 * features the guest negotiated are in its state. Paths and names are per run.
 */
function backendClass(netdev: string): string {
  return /^(tap|bridge)\b/.test(netdev) ? '<tap>' : '<socket>'
}

export function shapeArgv(spec: ShapeSpec): string[] {
  const argv = qemuArgs({
    ...spec,
    kernel: '<kernel>',
    initrd: '<initrd>',
    channelSocket: '<channel>',
    nics: spec.nics?.map((nic) => ({ ...nic, netdev: backendClass(nic.netdev), pcap: nic.pcap && '<pcap>' })),
  })
  // Host paths behind 9p exports are backends: the guest's state holds none of them.
  return argv.map((word) => word.replace(/(^|,)path=[^,]*/g, '$1path=<host>'))
}

/** qemu arguments that restore `entry` instead of booting. */
export function restoreFrom(entry: Entry): string {
  return `exec:cat ${shellQuote(stateFile(entry.path))}`
}

function stateFile(dir: string): string {
  return join(dir, 'state')
}

/** A binary's identity without hashing it: its path, size and modification time. */
export function binaryIdentity(path: string): string {
  const info = statSync(path)
  return `${path}@${info.size}.${info.mtimeMs}`
}

// qemu runs an exec: migration URI through /bin/sh.
function shellQuote(path: string): string {
  return `'${path.replaceAll("'", `'\\''`)}'`
}
