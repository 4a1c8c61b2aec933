// One console of an image machine: a unix socket vmgate listens on and qemu
// connects to, a transcript of what the guest wrote (escape sequences
// stripped, so patterns see text), and lines written to a log file and the
// log sink as `machine:console │ line`. Waits match text written since the
// last match, through the one wait helper.
import { EventEmitter } from 'node:events'
import { createWriteStream, type WriteStream } from 'node:fs'
import { createServer, type Server, type Socket } from 'node:net'
import { StringDecoder } from 'node:string_decoder'
import { PANIC_PATTERN } from '../guest/classify.js'
import type { LogSink } from '../log.js'
import { waitFor } from '../wait.js'
import { EscapeStripper } from './escapes.js'

const KEEP_CHARS = 1 << 20

export class Console extends EventEmitter<{ text: [string]; panic: [string] }> {
  private text = ''
  /** Where the next wait starts matching. */
  private cursor = 0
  private partial = ''
  private socket: Socket | undefined
  private server: Server | undefined
  private log: WriteStream
  /** The first line of a kernel panic or oops seen here: the machine is broken, whatever a test waits for. */
  panicLine: string | undefined

  constructor(
    readonly label: string,
    readonly path: string,
    logFile: string,
    private readonly sink: LogSink,
    /** 'output': a shell's stream, shown apart from kernel consoles (`┆`). */
    private readonly kind: 'console' | 'output' = 'console',
  ) {
    super()
    this.log = createWriteStream(logFile, { flags: 'a' })
  }

  async listen(): Promise<void> {
    this.server = createServer((socket) => this.attach(socket))
    await new Promise<void>((resolve, reject) => this.server!.once('error', reject).listen(this.path, resolve))
  }

  private attach(socket: Socket): void {
    this.socket = socket
    socket.on('error', () => {})
    // UTF-8 across chunk boundaries: systemd's status lines carry an ellipsis.
    const decoder = new StringDecoder('utf8')
    const escapes = new EscapeStripper()
    socket.on('data', (chunk: Buffer) => this.received(escapes.push(decoder.write(chunk))))
  }

  private received(chunk: string): void {
    this.text += chunk
    if (this.text.length > KEEP_CHARS) {
      const drop = this.text.length - KEEP_CHARS / 2
      this.text = this.text.slice(drop)
      this.cursor = Math.max(0, this.cursor - drop)
    }
    this.log.write(chunk)
    const lines = (this.partial + chunk).split('\n')
    this.partial = lines.pop() ?? ''
    // A shell's frame markers (framing.ts) are protocol, not output.
    for (const line of lines.filter((l) => this.kind === 'console' || !l.startsWith('\x1e'))) {
      if (this.kind === 'console' && !this.panicLine && PANIC_PATTERN.test(line)) {
        this.panicLine = line
        this.emit('panic', line)
      }
      this.sink(
        this.kind === 'console'
          ? { kind: 'console', node: this.label, line }
          : { kind: 'output', node: this.label, stream: 'shell', line },
      )
    }
    this.emit('text', chunk)
  }

  /** Resolves with the match of `pattern` in what arrived since the last match. */
  waitForText(
    pattern: RegExp,
    options: { timeoutMs: number; phase: string; signal?: AbortSignal },
  ): Promise<RegExpExecArray> {
    return waitFor<RegExpExecArray>(
      { ...options, lastState: () => `no ${pattern} on ${this.label}; its last lines:\n${this.tail(20).join('\n')}` },
      ({ resolve }) => {
        const look = () => {
          const found = pattern.exec(this.text.slice(this.cursor))
          if (!found) return
          this.cursor += found.index + found[0].length
          resolve(found)
        }
        this.on('text', look)
        look()
        return () => this.off('text', look)
      },
    )
  }

  write(data: string): void {
    if (!this.socket) throw new Error(`${this.label}: qemu has not connected this console`)
    this.socket.write(data)
  }

  /** The last `n` lines the guest wrote here. */
  tail(n: number): string[] {
    return this.text.split('\n').slice(-n)
  }

  async close(): Promise<void> {
    this.socket?.destroy()
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()))
    await new Promise<void>((resolve) => this.log.end(resolve))
  }
}
