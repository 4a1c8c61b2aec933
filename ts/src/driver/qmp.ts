// A minimal QMP client for one machine: qemu connects to a socket vmgate
// listens on; after the greeting and qmp_capabilities, commands go one at a
// time and each gets its `return` or `error`. Events are skipped.
import { createServer, type Server, type Socket } from 'node:net'
import { createInterface } from 'node:readline'
import { InfraError } from '../errors.js'
import { waitFor } from '../wait.js'

type Reply = { return?: unknown; error?: { class: string; desc: string }; QMP?: unknown; event?: string }

const QMP_MS = 30_000

export class Qmp {
  private server: Server | undefined
  private socket: Socket | undefined
  private replies: Array<(reply: Reply) => void> = []
  private ready: Promise<void> | undefined

  constructor(
    readonly path: string,
    private readonly label: string,
  ) {}

  async listen(): Promise<void> {
    let connected: (socket: Socket) => void = () => {}
    const connection = new Promise<Socket>((resolve) => (connected = resolve))
    this.server = createServer((socket) => connected(socket))
    await new Promise<void>((resolve, reject) => this.server!.once('error', reject).listen(this.path, resolve))
    this.ready = connection.then((socket) => this.handshake(socket))
    this.ready.catch(() => {})
  }

  private async handshake(socket: Socket): Promise<void> {
    this.socket = socket
    socket.on('error', () => {})
    const greeting = new Promise<void>((resolve) => this.replies.push(() => resolve()))
    createInterface({ input: socket, crlfDelay: Infinity }).on('line', (line) => {
      const reply = JSON.parse(line) as Reply
      if (reply.event) return
      this.replies.shift()?.(reply)
    })
    await greeting
    await this.send('qmp_capabilities')
  }

  /** Runs one command; an `error` reply is an InfraError naming it. */
  async execute(command: string, args?: Record<string, unknown>): Promise<unknown> {
    await waitFor({ phase: `${this.label} qmp connect`, timeoutMs: QMP_MS }, ({ resolve, reject }) => {
      this.ready!.then(resolve, reject)
      return () => {}
    })
    return this.send(command, args)
  }

  private send(command: string, args?: Record<string, unknown>): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.replies.push((reply) =>
        reply.error
          ? reject(new InfraError(`${this.label}: qmp ${command}: ${reply.error.desc}`))
          : resolve(reply.return),
      )
      this.socket!.write(JSON.stringify({ execute: command, ...(args && { arguments: args }) }) + '\n')
    })
  }

  async close(): Promise<void> {
    this.socket?.destroy()
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()))
  }
}
