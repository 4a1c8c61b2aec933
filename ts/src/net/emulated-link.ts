// The host side of an emulated link: starts the link process, hands each qemu
// end its netdev, and exposes cut, heal, set and counters to scenarios.
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { InfraError, UsageError } from '../errors.js'
import { startProcess, type Process } from '../proc.js'
import { PhaseTimeout, waitFor } from '../wait.js'
import { Impairment, type ImpairmentInput } from './impairment.js'
import type { Direction, LinkCommand, LinkConfig, LinkStats } from './link-protocol.js'

const START_MS = 10_000
const STOP_MS = 2000

/** The link process's entry: the bundled dist/link.mjs (this module may sit in dist/chunks/), or the source when run from TypeScript. */
function entry(): string {
  const here = fileURLToPath(import.meta.url)
  if (here.endsWith('.ts')) return join(dirname(here), 'link-main.ts')
  const bundled = [join(dirname(here), 'link.mjs'), join(dirname(here), '..', 'link.mjs')].find((path) =>
    existsSync(path),
  )
  if (!bundled) throw new InfraError(`link.mjs not found beside ${here}; rebuild with 'npm run build'`)
  return bundled
}

export class EmulatedLink {
  private nextId = 0
  private constructor(
    readonly config: LinkConfig,
    private process: Process,
  ) {}

  static async start(config: LinkConfig): Promise<EmulatedLink> {
    const child = startProcess(entry(), [JSON.stringify(config)], {
      what: `link ${config.name}`,
      node: true,
      stdout: 'inherit',
      stderr: 'inherit',
    })
    try {
      await waitFor({ phase: `link ${config.name} start`, timeoutMs: START_MS }, ({ resolve, reject }) => {
        child.ipc
          .getOneMessage({ filter: (m) => (m as { event?: string }).event === 'listening' })
          .then(resolve, reject)
        void child.exited.then((exit) =>
          reject(
            new InfraError(
              `link ${config.name}: the link process exited (${exit.signal ?? `exit ${exit.code}`}) before it listened`,
            ),
          ),
        )
        return () => {}
      })
    } catch (error) {
      await child.stop({ graceMs: 0 })
      throw error instanceof PhaseTimeout
        ? new InfraError(`link ${config.name}: the link process did not start in ${START_MS / 1000}s`)
        : error
    }
    return new EmulatedLink(config, child)
  }

  /** The -netdev backend of one end: qemu connects to the link process's socket. */
  netdev(end: 'a' | 'b'): string {
    return `stream,server=off,addr.type=unix,addr.path=${join(this.config.dir, `${this.config.name}.${end}.sock`)}`
  }

  cut(direction?: Direction): Promise<void> {
    return this.send({ op: 'cut', direction }).then(() => {})
  }

  heal(direction?: Direction): Promise<void> {
    return this.send({ op: 'heal', direction }).then(() => {})
  }

  set(impairment: ImpairmentInput, direction?: Direction): Promise<void> {
    const parsed = Impairment.safeParse(impairment)
    if (!parsed.success)
      throw new UsageError(
        `link ${this.config.name}: bad impairment ${JSON.stringify(impairment)}: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'impairment'}: ${i.message}`).join('; ')}`,
      )
    return this.send({ op: 'set', impairment: parsed.data, direction }).then(() => {})
  }

  async counters(): Promise<LinkStats> {
    return ((await this.send({ op: 'counters' })) as { counters: LinkStats }).counters
  }

  /** Final counters; the pcap is flushed and the process ends. Never throws. */
  async stop(): Promise<LinkStats | undefined> {
    try {
      const reply = await waitFor<unknown>(
        { phase: `link ${this.config.name} stop`, timeoutMs: STOP_MS },
        ({ resolve, reject }) => {
          this.send({ op: 'stop' }).then(resolve, reject)
          return () => {}
        },
      )
      return (reply as { counters?: LinkStats }).counters
    } catch {
      return undefined
    } finally {
      // The process exits by itself once its pcap is flushed; the kill is for one that hangs.
      await this.process.stop({ waitMs: STOP_MS, graceMs: 0 })
    }
  }

  private async send(command: LinkCommand): Promise<unknown> {
    const id = this.nextId++
    const [, answer] = await Promise.all([
      this.process.ipc.sendMessage({ id, command } as never),
      this.process.ipc.getOneMessage({ filter: (m) => (m as { id?: number }).id === id }),
    ])
    const { reply } = answer as { reply: { ok: boolean; error?: string } }
    if (!reply.ok) throw new InfraError(`link ${this.config.name}: ${command.op} failed: ${reply.error}`)
    return reply
  }
}
