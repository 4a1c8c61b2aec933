// A remote Linux host to test against: a guest running the system's real sshd
// (roots/remote/sshd-host), booted with --host-root on the caller's kernel and
// reached from the host through a QEMU user-mode NIC forwarding a loopback
// port to its port 22. It lives until stop(), the caller's abort (Ctrl-C) or
// its deadline, whichever comes first; qemu goes with it on every path.
import { mkdir } from 'node:fs/promises'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { InfraError } from '../errors.js'
import { buildKernel } from '../kernel/build.js'
import { loadKernel } from '../kernel/spec.js'
import type { LogSink } from '../log.js'
import { macFor } from '../net/mac.js'
import { projectRoot } from '../paths.js'
import { NodeStop } from '../run/boot-node.js'
import { runGuest, type GuestRunReport } from '../run/run-guest.js'
import type { Store } from '../store/store.js'
import { tool } from '../toolchain/resolve.js'
import { NO_USER_CODE } from '../usercode/spec.js'
import type { AccelRequest } from '../vm/accel.js'
import { poll } from '../wait.js'
import { runSsh, type SshHostSpec } from './ssh.js'
import type { SshKeys } from './ssh-keys.js'

export interface SshHostOptions {
  name: string
  /** The kernel definition: 9p for the host's root, and what the tests there need (loadable modules, say). */
  kernel: string
  keys: SshKeys
  /** Where the guest's console.log and output.log (sshd's own log) go. */
  logDir: string
  store: Store
  accel: AccelRequest
  log: LogSink
  signal?: AbortSignal
  /** The overlay holding builds is guest RAM: the parser's sanitizer builds and the module want room. */
  memoryMb?: number
  /** How long the host may live at most. */
  lifetimeMs?: number
}

export interface SshHost extends SshHostSpec {
  name: string
  port: number
  /** Stops the guest and waits until qemu is gone. */
  stop: () => Promise<void>
  /** The guest's report once it has ended. */
  ended: Promise<GuestRunReport>
}

// slirp's default network: the guest is 10.0.2.15, where hostfwd delivers.
const GUEST_ADDRESS = '10.0.2.15/24'
const DEFAULT_MEMORY_MB = 1536
const DEFAULT_LIFETIME_MS = 3 * 3600_000
// Booting under TCG and starting sshd; generous for a loaded host.
const SSHD_UP_MS = 240_000

export async function startSshHost(options: SshHostOptions): Promise<SshHost> {
  await mkdir(options.logDir, { recursive: true })
  const kernel = await buildKernel(loadKernel(options.kernel), options.store, options.log)
  const port = await freeLoopbackPort()
  const stopper = new AbortController()
  const forward = () => stopper.abort(options.signal?.reason)
  options.signal?.addEventListener('abort', forward, { once: true })
  const ended = runGuest(
    {
      kernel: options.kernel,
      code: { ...NO_USER_CODE, hostRoot: true },
      memoryMb: options.memoryMb ?? DEFAULT_MEMORY_MB,
      command: [join(projectRoot(), 'roots/remote/sshd-host'), tool('sshd'), options.keys.sshdConfig, kernel.buildTree],
      timeoutMs: options.lifetimeMs ?? DEFAULT_LIFETIME_MS,
      nics: [
        {
          mac: macFor('sshd-host', options.name),
          addresses: [GUEST_ADDRESS],
          netdev: `user,net=10.0.2.0/24,hostfwd=tcp:127.0.0.1:${port}-:22`,
        },
      ],
      accel: options.accel,
      logDir: options.logDir,
      signal: stopper.signal,
      log: options.log,
    },
    options.store,
  ).finally(() => options.signal?.removeEventListener('abort', forward))
  const host: SshHost = {
    name: options.name,
    label: `root@127.0.0.1:${port}`,
    destination: 'root@127.0.0.1',
    port,
    ended,
    stop: async () => {
      stopper.abort(new NodeStop(`sshd host ${options.name} stopped`, true))
      await ended.catch(() => undefined)
    },
  }
  await untilSshAnswers(host, options).catch(async (error) => {
    await host.stop()
    throw error
  })
  return host
}

/** Polls `ssh HOST true` until it succeeds; the guest ending first is an infra error with its reason. */
async function untilSshAnswers(host: SshHost, options: SshHostOptions): Promise<void> {
  let endedWith: GuestRunReport | undefined
  void host.ended.then((report) => (endedWith = report)).catch(() => undefined)
  await poll(
    { phase: `sshd ${options.name} up`, timeoutMs: SSHD_UP_MS, everyMs: 1000, signal: options.signal },
    async () => {
      if (endedWith)
        throw new InfraError(
          `sshd host ${options.name} ended before sshd answered: ${endedWith.classification.reason}; its output: ${join(options.logDir, 'output.log')}`,
        )
      const r = await runSsh(host, 'true', {
        what: `ssh ${host.label} true`,
        sshConfig: options.keys.sshConfig,
        timeoutMs: 20_000,
      })
      return r.exitCode === 0
        ? { done: true, value: undefined }
        : { done: false, state: r.tail.at(-1) ?? `exit ${r.exitCode}` }
    },
  )
}

/** A port that was free a moment ago; qemu binds it right after (a lost race is qemu's clear error). */
function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      )
    })
  })
}
