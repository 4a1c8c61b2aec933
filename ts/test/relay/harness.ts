// Drives a real relayd over loopback: build, start, control, peers, waits.
// Every wait polls a condition with a bound; nothing sleeps for correctness.
import { execFile, spawn, type ChildProcess } from 'node:child_process'
import dgram from 'node:dgram'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { poll, waitFor } from '../../src/wait.js'
import { tool } from '../../src/toolchain/resolve.js'

const run = promisify(execFile)
export const RELAY_DIR = path.resolve(import.meta.dirname, '../../../pkgs/relay')
export const RELAYCTL = path.join(RELAY_DIR, 'build/relayctl')
const BUILD_PACKAGES = 'gcc make libc6-dev libssl-dev util-linux'

export type Flavor = 'release' | 'sanitize'
const binaries: Record<Flavor, string> = {
  release: path.join(RELAY_DIR, 'build/relayd'),
  sanitize: path.join(RELAY_DIR, 'build/san/relayd'),
}

/** The relayd a suite runs: $RELAYD if set, else the flavor's build output. */
export function relaydPath(flavor: Flavor): string {
  return (flavor === 'release' && process.env.RELAYD) || binaries[flavor]
}

/** Build with make (under a lock: tap runs files in parallel). A missing
 * toolchain fails with the packages to install, never a silent skip. */
export async function buildRelay(flavor: Flavor): Promise<void> {
  if (flavor === 'release' && process.env.RELAYD) return
  const lock = path.join(os.tmpdir(), 'vmgate-relay-build.lock')
  const targets = flavor === 'release' ? ['all'] : ['all', 'sanitize']
  try {
    await run('flock', [lock, tool('make'), '-s', '-C', RELAY_DIR, ...targets], { maxBuffer: 1 << 24 })
  } catch (err) {
    const e = err as { code?: string; stderr?: string }
    const why =
      e.code === 'ENOENT' ? 'flock or make not found' : (e.stderr ?? String(err)).split('\n').slice(-15).join('\n')
    throw new Error(
      `cannot build pkgs/relay (${targets.join(' ')}); needs: apt-get install ${BUILD_PACKAGES}\n${why}`,
      { cause: err },
    )
  }
  if (!existsSync(binaries[flavor])) throw new Error(`make did not produce ${binaries[flavor]}`)
}

/** The one wait helper: poll `probe` until it returns a value, or throw
 * naming what was awaited and the last value seen. */
/** Polls `probe` (bounded) until it returns a value; a timeout says what `state` last showed. */
export function waitUntil<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 5000,
  state: () => string = () => 'not yet',
): Promise<T> {
  return poll({ phase: what, timeoutMs, everyMs: 5 }, async () => {
    const value = await probe()
    return value === undefined ? { done: false, state: state() } : { done: true, value }
  })
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- replies are free-form JSON that tests index into
export type Reply = { ok: boolean; error?: { code: string; message: string }; [k: string]: any }

/** One request line over a fresh connection; resolves with the reply line. */
export function controlLine(socketPath: string, line: string, timeoutMs = 5000): Promise<string> {
  let data = ''
  return waitFor<string>(
    { phase: `control reply to ${line}`, timeoutMs, lastState: () => JSON.stringify(data) },
    ({ resolve, reject }) => {
      const sock = net.createConnection(socketPath)
      sock.on('connect', () => sock.write(line.endsWith('\n') ? line : line + '\n'))
      sock.on('data', (chunk) => {
        data += chunk.toString('utf8')
        const nl = data.indexOf('\n')
        if (nl >= 0) resolve(data.slice(0, nl))
      })
      sock.on('error', reject)
      return () => sock.destroy()
    },
  )
}

export type Exit = { code: number | null; signal: NodeJS.Signals | null; stderr: string }

/** A running relayd, bound to port 0 on loopback. */
export class Relay {
  readonly log: string[] = []
  port = 0
  private exited: Promise<Exit>
  private constructor(
    readonly child: ChildProcess,
    readonly control: string,
    private dir: string,
  ) {
    let partial = ''
    child.stderr!.on('data', (chunk: Buffer) => {
      const lines = (partial + chunk.toString('utf8')).split('\n')
      partial = lines.pop()!
      this.log.push(...lines)
    })
    this.exited = new Promise((resolve) =>
      child.on('exit', (code, signal) => {
        if (partial) this.log.push(partial)
        resolve({ code, signal, stderr: this.log.join('\n') })
      }),
    )
  }

  /** `wrap`: a prefix that runs relayd elsewhere (ip netns exec NS). */
  static async start(bin: string, opts: { listen?: string; args?: string[]; wrap?: string[] } = {}): Promise<Relay> {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'relayd-test-'))
    const control = path.join(dir, 'control.sock')
    const args = ['--listen', opts.listen ?? '127.0.0.1:0', '--control', control, ...(opts.args ?? [])]
    const [file, ...argv] = [...(opts.wrap ?? []), bin, ...args]
    // spawns: project (relayd, or the table's ip running it in a namespace)
    const child = spawn(file!, argv, { stdio: ['ignore', 'ignore', 'pipe'] })
    const relay = new Relay(child, control, dir)
    let gone = false
    void relay.exited.then(() => {
      gone = true
    })
    const line = await waitUntil('relayd to log listening', () => {
      if (gone) throw new Error(`relayd exited before listening:\n${relay.log.join('\n')}`)
      return relay.log.find((l) => l.includes('event=listening'))
    })
    relay.port = Number(/ port=(\d+)/.exec(line)![1])
    return relay
  }

  async ctl(cmd: string, args: Record<string, string> = {}): Promise<Reply> {
    return JSON.parse(await controlLine(this.control, JSON.stringify({ cmd, ...args })))
  }

  async ok(cmd: string, args: Record<string, string> = {}): Promise<Reply> {
    const reply = await this.ctl(cmd, args)
    if (!reply.ok) throw new Error(`${cmd} failed: ${JSON.stringify(reply)}`)
    return reply
  }

  /** Poll `show` until `check` accepts the counters. */
  waitShow(what: string, check: (show: Reply) => boolean): Promise<Reply> {
    let last: Reply | undefined
    return waitUntil(
      what,
      async () => {
        last = await this.ok('show')
        return check(last) ? last : undefined
      },
      undefined,
      () => JSON.stringify(last),
    )
  }

  waitLog(what: string, re: RegExp): Promise<string> {
    return waitUntil(
      what,
      () => this.log.find((l) => re.test(l)),
      undefined,
      () => `last log line: ${this.log.at(-1) ?? 'none'}`,
    )
  }

  /** SIGTERM (or `signal`) and wait for the exit. Sanitizer reports fail. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<Exit> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal)
    const exit = await this.exited
    rmSync(this.dir, { recursive: true, force: true })
    if (/ERROR: (Address|Leak)Sanitizer|runtime error:/.test(exit.stderr))
      throw new Error(`sanitizer report:\n${exit.stderr}`)
    return exit
  }
}

/** A UDP endpoint on loopback that queues what it receives. */
export class Peer {
  private queue: Buffer[] = []
  private waiters: Array<(b: Buffer) => void> = []
  private constructor(
    readonly sock: dgram.Socket,
    readonly host: string,
    readonly port: number,
  ) {
    sock.on('message', (msg) => {
      const waiter = this.waiters.shift()
      if (waiter) waiter(msg)
      else this.queue.push(msg)
    })
  }

  static bind(host = '127.0.0.1'): Promise<Peer> {
    const sock = dgram.createSocket({ type: host.includes(':') ? 'udp6' : 'udp4', recvBufferSize: 4 << 20 })
    return new Promise((resolve, reject) => {
      sock.once('error', reject)
      sock.bind(0, host, () => resolve(new Peer(sock, host, sock.address().port)))
    })
  }

  get endpoint(): string {
    return this.host.includes(':') ? `[${this.host}]:${this.port}` : `${this.host}:${this.port}`
  }

  send(msg: Buffer, relay: Relay): Promise<void> {
    const to = this.host.includes(':') ? '::1' : '127.0.0.1'
    return new Promise((resolve, reject) =>
      this.sock.send(msg, relay.port, to, (err) => (err ? reject(err) : resolve())),
    )
  }

  recv(timeoutMs = 5000): Promise<Buffer> {
    const queued = this.queue.shift()
    if (queued) return Promise.resolve(queued)
    return waitFor<Buffer>(
      { phase: `${this.endpoint} receiving`, timeoutMs, lastState: () => 'nothing received' },
      ({ resolve }) => {
        this.waiters.push(resolve)
        // A datagram that arrived has already taken this waiter off the list.
        return () => {
          const index = this.waiters.indexOf(resolve)
          if (index >= 0) this.waiters.splice(index, 1)
        }
      },
    )
  }

  get pending(): number {
    return this.queue.length
  }

  close(): void {
    this.sock.close()
  }
}
