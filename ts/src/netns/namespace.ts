// A run's own network namespace, for host-side services a guest reaches
// through passt: the host's real networking is never touched. The namespace
// lives as long as a holder process (unshare … sleep) in its own process
// group: when that group dies, on teardown, on Ctrl-C or with vmgate itself
// (process-groups.ts), the namespace goes with it, so none is ever left behind.
// As root it is a plain network namespace; otherwise a user namespace too,
// where the kernel allows unprivileged ones.
import { InfraError } from '../errors.js'
import { runTool, startProcess, type Process, type StartOptions } from '../proc.js'
import { tool } from '../toolchain/resolve.js'
import { poll } from '../wait.js'

export interface NamespaceAddresses {
  /** The namespace's own address, which passt hands the guest over DHCP, with its prefix. */
  template: string
  /** The default route's gateway: passt's address as the guest sees it. */
  gateway: string
  /** Where services listen: a non-loopback address outside the guest's subnet, reached through the gateway. */
  service: string
}

export const DEFAULT_ADDRESSES: NamespaceAddresses = {
  template: '10.77.0.1/24',
  gateway: '10.77.0.254',
  service: '192.0.2.10',
}

const START_MS = 10_000

export class NetNamespace {
  private services: Process[] = []

  private constructor(
    private readonly holder: Process,
    readonly mode: 'root' | 'user',
    readonly addresses: NamespaceAddresses,
  ) {}

  /** The holder's pid: /proc/PID/ns/net is the namespace. */
  get pid(): number | undefined {
    return this.holder.pid
  }

  static async create(addresses: NamespaceAddresses = DEFAULT_ADDRESSES): Promise<NetNamespace> {
    const mode = process.getuid?.() === 0 ? 'root' : 'user'
    const flags = mode === 'root' ? ['--net'] : ['--user', '--map-root-user', '--net']
    // setpriv: the holder dies with vmgate even when vmgate is SIGKILLed and runs no teardown.
    const holder = startProcess(tool('setpriv'), ['--pdeathsig', 'KILL', 'unshare', ...flags, 'sleep', 'infinity'], {
      what: 'network namespace holder',
      group: true,
      stderr: 'keep',
    })
    const ns = new NetNamespace(holder, mode, addresses)
    try {
      await ns.waitEntered()
      await ns.configure()
      return ns
    } catch (error) {
      await ns.dispose()
      throw error
    }
  }

  /** The holder is in its namespace once its net namespace differs from ours. */
  private async waitEntered(): Promise<void> {
    const { readlink } = await import('node:fs/promises')
    const ours = await readlink('/proc/self/ns/net')
    await poll({ phase: 'network namespace start', timeoutMs: START_MS, everyMs: 20 }, async () => {
      const theirs = await readlink(`/proc/${this.holder.pid}/ns/net`).catch(() => ours)
      return theirs !== ours
        ? { done: true, value: undefined }
        : { done: false, state: 'holder not yet in a new namespace' }
    })
  }

  // A veth pair inside the namespace: one end carries the template and service
  // addresses and the default route passt needs to pick an interface.
  private async configure(): Promise<void> {
    const { template, gateway, service } = this.addresses
    for (const args of [
      ['link', 'set', 'lo', 'up'],
      ['link', 'add', 'vm0', 'type', 'veth', 'peer', 'name', 'vm1'],
      ['addr', 'add', template, 'dev', 'vm0'],
      ['addr', 'add', `${service}/32`, 'dev', 'vm0'],
      ['link', 'set', 'vm1', 'up'],
      ['link', 'set', 'vm0', 'up'],
      ['route', 'add', 'default', 'via', gateway, 'dev', 'vm0'],
    ])
      await this.ip(...args)
  }

  /** Runs `ip` inside the namespace (an interface moved in here, say, gets its address). */
  async ip(...args: string[]): Promise<void> {
    await runTool('nsenter', [...this.enter(), tool('iproute2-ip'), ...args], {
      what: `ip ${args.join(' ')} in the run's namespace`,
    })
  }

  private enter(): string[] {
    const pid = String(this.holder.pid)
    return this.mode === 'root' ? ['-t', pid, '-n'] : ['-t', pid, '-U', '-n', '--preserve-credentials']
  }

  /**
   * Starts `file` inside the namespace, in its own process group, with a
   * parent-death signal set last (after `asNobody` drops root, which would clear
   * it), so it dies with vmgate; it is stopped on dispose, last started first.
   */
  start(file: string, args: string[], options: StartOptions & { asNobody?: boolean }): Process {
    if (this.holder.pid === undefined) throw new InfraError('the network namespace is gone')
    const drop = options.asNobody && this.mode === 'root' ? ['--reuid=65534', '--regid=65534', '--clear-groups'] : []
    const argv = [...this.enter(), tool('setpriv'), ...drop, '--pdeathsig', 'KILL', file, ...args]
    const service = startProcess('nsenter', argv, { ...options, group: true })
    this.services.push(service)
    return service
  }

  /** Stops every service, then the holder, which takes the namespace with it. Never throws. */
  async dispose(): Promise<void> {
    for (const service of this.services.reverse()) await service.stop({ graceMs: 1000 })
    this.services = []
    await this.holder.stop({ graceMs: 500 })
  }
}
