// A Machine owns one qemu: its process group, its console drain (ring buffer
// plus log file), its verdict channel and its work dir. Teardown kills the
// whole group (SIGTERM, then SIGKILL) and removes what it made, on every path.
import { EventEmitter } from 'node:events'
import { createWriteStream, type WriteStream } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer, type Server, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { startProcess, type Process, type ProcessExit } from '../proc.js'
import { tool } from '../toolchain/resolve.js'
import { PANIC_PATTERN } from '../guest/classify.js'
import { VerdictCollector, type ChannelEvent } from '../guest/channel.js'
import { qemuArgs, type MachineSpec } from './qemu-args.js'
import { RingBuffer } from './ring-buffer.js'

export interface MachineOptions {
  name: string
  nonce: string
  /** Directory for console.log and channel.log; the machine's own temp dir if absent. */
  logDir?: string
  consoleLines?: number
}

export type QemuExit = ProcessExit

export class Machine extends EventEmitter<{ event: [ChannelEvent]; console: [string] }> {
  readonly console: RingBuffer<string>
  readonly verdict: VerdictCollector
  panicLine: string | undefined
  /** True once vmgate-init has spoken; qemu connecting the socket is not enough. */
  channelOpened = false
  /** When each kind of channel event ('any' for the first) first arrived, so a late waiter still sees it. */
  readonly reached = new Map<string, number>()
  argv: string[] = []
  private qemu: Process | undefined
  private server: Server | undefined
  private channel: Socket | undefined
  private unsent: string[] = []
  private logs: WriteStream[] = []

  private constructor(
    readonly options: MachineOptions,
    readonly workDir: string,
  ) {
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

  /** Where qemu listens for QMP when the machine is started with it (to save a snapshot). */
  get qmpSocket(): string {
    return join(this.workDir, 'qmp.sock')
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
    this.qemu = startProcess(tool('setpriv'), ['--pdeathsig', 'KILL', ...this.argv], {
      what: `qemu (${this.options.name})`,
      group: true, // so a stop reaches everything it started
      stdin: interactive ? 'inherit' : 'ignore',
      stdout: interactive ? 'inherit' : (line) => this.consoleLine(line, consoleLog),
      stderr: 'keep',
    })
  }

  exited(): Promise<QemuExit> {
    if (!this.qemu) throw new Error('machine not started')
    return this.qemu.exited
  }

  private openLog(name: string): WriteStream {
    const stream = createWriteStream(join(this.logDir, name))
    this.logs.push(stream)
    return stream
  }

  private consoleLine(line: string, log: WriteStream): void {
    log.write(line + '\n')
    this.console.push(line)
    if (!this.panicLine && PANIC_PATTERN.test(line)) this.panicLine = line
    this.emit('console', line)
  }

  /** Sends one line to the guest on the channel: at once, or as soon as qemu connects. */
  send(line: string): void {
    if (this.channel) this.channel.write(line)
    else this.unsent.push(line)
  }

  private attachChannel(socket: Socket, log: WriteStream): void {
    socket.on('error', () => {})
    this.channel = socket
    for (const line of this.unsent.splice(0)) socket.write(line)
    // A reset connection (qemu refusing a snapshot) ends the channel; readline re-emits it as an error.
    const lines = createInterface({ input: socket, crlfDelay: Infinity }).on('error', () => {})
    lines.on('line', (line) => {
      this.channelOpened = true
      log.write(line + '\n')
      const event = this.verdict.push(line)
      if (!event) return
      for (const kind of ['any', event.event]) if (!this.reached.has(kind)) this.reached.set(kind, performance.now())
      this.emit('event', event)
    })
  }

  /** Kills qemu and releases the socket, logs and (unless kept) the work dir. Never throws. */
  async dispose(keepWorkDir = false): Promise<void> {
    await this.qemu?.stop()
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()))
    await Promise.all(this.logs.map((stream) => new Promise<void>((resolve) => stream.end(resolve))))
    if (!keepWorkDir) await rm(this.workDir, { recursive: true, force: true }).catch(() => {})
  }
}
