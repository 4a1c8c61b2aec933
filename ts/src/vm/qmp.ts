// A client for qemu's machine protocol (QMP) on a unix socket: newline-framed
// JSON, a greeting, capability negotiation, then one command at a time. vmgate
// needs it only to save a booted guest (migrate, query-migrate, cont).
import { connect, type Socket } from 'node:net'
import { createInterface } from 'node:readline'
import { InfraError } from '../errors.js'

type Reply = { return?: unknown; error?: { class: string; desc: string }; event?: string }

export class Qmp {
  private waiting: { resolve: (reply: Reply) => void; reject: (error: Error) => void }[] = []
  private closed: Error | undefined

  private constructor(private readonly socket: Socket) {
    createInterface({ input: socket, crlfDelay: Infinity })
      .on('line', (line) => this.onLine(line))
      .on('error', () => {}) // the socket's own error handler below reports it
    socket.on('error', (error) => this.close(error))
    socket.on('close', () => this.close(new InfraError('qemu closed its QMP socket')))
  }

  /** Connects, reads the greeting and leaves negotiation mode; qemu must already listen on `path`. */
  static async open(path: string): Promise<Qmp> {
    const socket = connect(path)
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject))
    const qmp = new Qmp(socket)
    await qmp.next() // the greeting
    await qmp.execute('qmp_capabilities')
    return qmp
  }

  /** Runs one command and returns its `return`; a QMP error is an InfraError naming the command. */
  async execute(command: string, args?: Record<string, unknown>): Promise<unknown> {
    const reply = this.next()
    this.socket.write(JSON.stringify({ execute: command, ...(args ? { arguments: args } : {}) }) + '\n')
    const { return: value, error } = await reply
    if (error) throw new InfraError(`qemu's ${command} failed: ${error.desc}`)
    return value
  }

  end(): void {
    this.socket.destroy()
  }

  private next(): Promise<Reply> {
    if (this.closed) return Promise.reject(this.closed)
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }))
  }

  private onLine(line: string): void {
    const reply = JSON.parse(line) as Reply
    if (reply.event) return // asynchronous events: nothing here waits for one
    this.waiting.shift()?.resolve(reply)
  }

  private close(error: Error): void {
    this.closed ??= error
    for (const { reject } of this.waiting.splice(0)) reject(this.closed)
  }
}
