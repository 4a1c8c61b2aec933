// A Machine owns one qemu: its process group, its console drain (ring buffer
// plus log file), its verdict channel and its work dir. Teardown kills the
// whole group (SIGTERM, then SIGKILL) and removes what it made, on every path.
import { execa, type ResultPromise } from 'execa'
import { EventEmitter } from 'node:events'
import { createWriteStream, type WriteStream } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer, type Server, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { tool } from '../toolchain/resolve.js'
import { PANIC_PATTERN } from '../guest/classify.js'
import { VerdictCollector, type ChannelEvent } from '../guest/channel.js'
import { qemuArgs, type MachineSpec } from './qemu-args.js'
import { RingBuffer } from './ring-buffer.js'
import { liveGroups } from './process-groups.js'

export interface MachineOptions {
  name: string
  nonce: string
  /** Directory for console.log and channel.log; the machine's own temp dir if absent. */
  logDir?: string
  consoleLines?: number
}

export interface QemuExit {
  code: number | undefined
  signal: string | undefined
  stderr: string
}

const KILL_GRACE_MS = 2000

export class Machine extends EventEmitter<{ event: [ChannelEvent]; console: [string] }> {
  readonly console: RingBuffer<string>
  readonly verdict: VerdictCollector
  panicLine: string | undefined
  /** True once vmgate-init has spoken; qemu connecting the socket is not enough. */
  channelOpened = false
  /** When each kind of channel event ('any' for the first) first arrived, so a late waiter still sees it. */
  readonly reached = new Map<string, number>()
  argv: string[] = []
  private qemu: ResultPromise | undefined
  private server: Server | undefined
  private logs: WriteStream[] = []
  private exitInfo: Promise<QemuExit> | undefined

  private constructor(readonly options: MachineOptions, readonly workDir: string) {
    super()
    this.console = new RingBuffer(options.consoleLines ?? 500)
    this.verdict = new VerdictCollector(options.nonce)
  }

  static async create(options: MachineOptions): Promise<Machine> {
    return new Machine(options, await mkdtemp(join(tmpdir(), `vmgate-${options.name}-`)))
  }

  get channelSocket(): string {
    return join(this.workDir, 'channel.sock')
  }

  get logDir(): string {
    return this.options.logDir ?? this.workDir
  }

  /** Listens on the channel socket, then starts qemu, which connects to it. */
  async start(spec: Omit<MachineSpec, 'channelSocket'>): Promise<void> {
    const consoleLog = this.openLog('console.log')
    const channelLog = this.openLog('channel.log')
    this.server = createServer((socket) => this.attachChannel(socket, channelLog))
    await new Promise<void>((resolve, reject) => this.server!.once('error', reject).listen(this.channelSocket, resolve))
    this.argv = [tool(spec.arch.tools.qemu), ...qemuArgs({ ...spec, channelSocket: this.channelSocket })]
    const interactive = spec.console === 'interactive'
    // setpriv execs qemu with a parent-death signal: even a SIGKILLed vmgate,
    // which can run no teardown, takes its guests with it.
    this.qemu = execa(tool('setpriv'), ['--pdeathsig', 'KILL', ...this.argv], {
      detached: true, // its own process group, so a kill reaches everything it started
      stdin: interactive ? 'inherit' : 'ignore',
      stdout: interactive ? 'inherit' : 'pipe',
      stderr: 'pipe',
      buffer: { stdout: false, stderr: true },
      reject: false,
    })
    if (this.qemu.pid) liveGroups.add(this.qemu.pid)
    if (this.qemu.stdout) this.drainConsole(this.qemu.stdout, consoleLog)
    this.exitInfo = this.qemu.then((result): QemuExit => {
      if (this.qemu?.pid) liveGroups.delete(this.qemu.pid)
      // A spawn failure (no such file) has no stderr, only a message.
      const stderr = String(result.stderr ?? '') || (result.exitCode === undefined ? (result.message ?? '') : '')
      return { code: result.exitCode, signal: result.signal, stderr }
    })
  }

  exited(): Promise<QemuExit> {
    if (!this.exitInfo) throw new Error('machine not started')
    return this.exitInfo
  }

  private openLog(name: string): WriteStream {
    const stream = createWriteStream(join(this.logDir, name))
    this.logs.push(stream)
    return stream
  }

  private drainConsole(stdout: NodeJS.ReadableStream, log: WriteStream): void {
    createInterface({ input: stdout, crlfDelay: Infinity }).on('line', (raw) => {
      const line = raw.replace(/\r$/, '')
      log.write(line + '\n')
      this.console.push(line)
      if (!this.panicLine && PANIC_PATTERN.test(line)) this.panicLine = line
      this.emit('console', line)
    })
  }

  private attachChannel(socket: Socket, log: WriteStream): void {
    socket.on('error', () => {})
    createInterface({ input: socket, crlfDelay: Infinity }).on('line', (line) => {
      this.channelOpened = true
      log.write(line + '\n')
      const event = this.verdict.push(line)
      if (!event) return
      for (const kind of ['any', event.event]) if (!this.reached.has(kind)) this.reached.set(kind, performance.now())
      this.emit('event', event)
    })
  }

  /** Ends qemu: SIGTERM to the group, SIGKILL after a grace period. */
  async kill(): Promise<void> {
    const pid = this.qemu?.pid
    if (!pid || !liveGroups.has(pid)) return
    signalGroup(pid, 'SIGTERM')
    const timer = setTimeout(() => signalGroup(pid, 'SIGKILL'), KILL_GRACE_MS)
    await this.exitInfo
    clearTimeout(timer)
    // qemu is gone; anything it left in its group goes too.
    signalGroup(pid, 'SIGKILL')
  }

  /** Kills qemu and releases the socket, logs and (unless kept) the work dir. Never throws. */
  async dispose(keepWorkDir = false): Promise<void> {
    await this.kill().catch(() => {})
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()))
    await Promise.all(this.logs.map((stream) => new Promise<void>((resolve) => stream.end(resolve))))
    if (!keepWorkDir) await rm(this.workDir, { recursive: true, force: true }).catch(() => {})
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal)
  } catch {
    // Already gone.
  }
}
