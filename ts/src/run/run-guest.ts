// `vmgate run` and `vmgate shell`: one guest, one command, one classified verdict.
import type { Phase } from '../guest/classify.js'
import type { ChannelEvent } from '../guest/channel.js'
import type { LogSink } from '../log.js'
import type { Store } from '../store/store.js'
import { tool } from '../toolchain/resolve.js'
import { chooseAccel, hostBootId, probeIdentity, type AccelChoice, type AccelRequest } from '../vm/accel.js'
import { bootNode, type NodeReport, type NodeRequest } from './boot-node.js'
import { planGuest } from './guest-plan.js'
import { prepareGuest, type GuestArtifacts } from './prepare.js'
import { userCodeGuestWords, userCodeQemuArgs } from '../usercode/lower.js'
import { NO_USER_CODE, type UserCode } from '../usercode/spec.js'
import { Snapshots } from '../vm/snapshot.js'
import { traceMark } from '../startup-trace.js'

export interface GuestRunOptions {
  /** Absent: the machine's kernel. */
  kernel?: string
  /** Absent: the kernel's arch, else x86_64. */
  arch?: string
  root?: string
  /** The machine (microvm, q35); absent: the arch's first that has the vIOMMU and hugepage backing asked for. */
  machine?: string
  cpus?: number
  memoryMb?: number
  iommu?: boolean | string
  hostHugepages?: boolean
  guestHugepages?: number
  command: string[]
  timeoutMs: number
  accel: AccelRequest
  keepLogs?: boolean
  /** Where console.log and channel.log go, kept. */
  logDir?: string
  debug?: boolean
  signal?: AbortSignal
  log: LogSink
  onEvent?: (event: ChannelEvent) => void
  /** The user's files, shares, modules or kernel image (--add, --share, --host-root, --module, --kernel-image). */
  code?: UserCode
  /** Boot for real: neither restore a snapshot nor save one. */
  cold?: boolean
  /** NICs and their -netdev backends (a user-mode NIC with a port forward, for the remote sshd host). */
  nics?: NodeRequest['nics']
}

export interface GuestRunReport extends NodeReport {
  accelWhy: string
  kernelKey: string
  rootKey: string
}

// Generous for TCG on a loaded 2-core machine, where a boot takes about a second.
const BOOT_MS = 60_000
const READY_MS = 30_000
const PROBE_MS = 8_000

export function phaseTimeouts(testMs: number): Record<Phase, number> {
  return { boot: BOOT_MS, ready: READY_MS, test: testMs }
}

export async function runGuest(options: GuestRunOptions, store: Store): Promise<GuestRunReport> {
  const plan = planGuest(
    {
      kernel: options.kernel,
      arch: options.arch,
      machine: options.machine,
      iommu: options.iommu,
      hostHugepages: options.hostHugepages,
      nicModels: options.nics?.map((nic) => nic.model ?? 'virtio'),
    },
    'vmgate run',
  )
  traceMark('guest planned')
  const code = options.code ?? NO_USER_CODE
  const artifacts = await prepareGuest(plan.kernel, store, options.log, options.root, code)
  traceMark('artifacts found')
  const choice = await resolveAccel(options.accel, artifacts, store, options.signal)
  traceMark('accel chosen')
  options.log({ kind: 'step', name: `accel ${choice.accel}`, ms: 0, detail: choice.why })
  const report = await bootNode({
    name: 'node',
    arch: artifacts.arch,
    machine: plan.machine,
    accel: choice.accel,
    cpus: options.cpus,
    memoryMb: options.memoryMb,
    iommu: Boolean(options.iommu),
    hostHugepages: options.hostHugepages,
    guestHugepages: options.guestHugepages,
    kernel: artifacts.kernel.image,
    initrd: artifacts.root.path,
    command: options.command,
    timeouts: phaseTimeouts(options.timeoutMs),
    devices: userCodeQemuArgs(code, plan.machine),
    guestWords: userCodeGuestWords(code),
    nics: options.nics,
    debug: options.debug,
    keepWorkDir: options.keepLogs,
    logDir: options.logDir,
    signal: options.signal,
    onEvent: options.onEvent,
    snapshots: options.cold ? undefined : new Snapshots(store),
    log: options.log,
  })
  return { ...report, accelWhy: choice.why, kernelKey: artifacts.kernel.key, rootKey: artifacts.root.key }
}

// One probe per identity per process: parallel scenarios share it instead of each booting a probe.
const choices = new Map<string, Promise<AccelChoice>>()

export function resolveAccel(
  request: AccelRequest,
  artifacts: GuestArtifacts,
  store: Store,
  signal?: AbortSignal,
): Promise<AccelChoice> {
  const key = `${request}:${hostBootId()}:${artifacts.kernel.key}:${artifacts.root.key}`
  if (!choices.has(key)) choices.set(key, probeAccel(request, artifacts, store, signal))
  return choices.get(key)!
}

function probeAccel(
  request: AccelRequest,
  artifacts: GuestArtifacts,
  store: Store,
  signal?: AbortSignal,
): Promise<AccelChoice> {
  const probe = {
    identity: probeIdentity(tool(artifacts.arch.tools.qemu), [artifacts.kernel.key, artifacts.root.key]),
    run: async () => {
      const report = await bootNode({
        name: 'kvm-probe',
        arch: artifacts.arch,
        accel: 'kvm',
        kernel: artifacts.kernel.image,
        initrd: artifacts.root.path,
        command: ['true'],
        timeouts: { boot: PROBE_MS, ready: PROBE_MS, test: PROBE_MS },
        signal,
      })
      return report.classification.kind === 'pass'
    },
  }
  return chooseAccel(request, probe, store.root)
}
