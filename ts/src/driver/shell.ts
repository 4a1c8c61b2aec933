// The shell on a machine's virtio-serial port: one sh, no tty, no prompt and
// no echo; commands go in framed (framing.ts) and their results are found by
// id in the port's transcript, so output that looks like a prompt or a marker
// of another command can't be taken for a result.
import { poll, type Look } from '../wait.js'
import type { Console } from './console.js'
import { commandLine, parseResult, resultPattern, type CommandResult } from './framing.js'

/** How long the opener waits for sh to answer a probe before it sends another. */
const PROBE_MS = 3000
const OPEN_MS = 120_000

export class Shell {
  private next = 0
  opened = false

  constructor(
    private readonly port: Console,
    /** Unique per boot, so a result left from an earlier boot or probe never matches. */
    private readonly nonce: string,
  ) {}

  /** Probes until sh on the port answers (the port may open after the first probe went out). */
  async handshake(signal?: AbortSignal): Promise<void> {
    await poll(
      { phase: `open the shell on ${this.port.label}`, timeoutMs: OPEN_MS, everyMs: 0, signal },
      async (): Promise<Look<void>> => {
        try {
          await this.run('true', { timeoutMs: PROBE_MS, signal })
          return { done: true, value: undefined }
        } catch {
          return { done: false, state: `no answer from sh on ${this.port.label}` }
        }
      },
    )
    this.opened = true
  }

  async run(command: string, options: { timeoutMs: number; signal?: AbortSignal }): Promise<CommandResult> {
    const id = `${this.nonce}-${this.next++}`
    const result = this.port.waitForText(resultPattern(id), {
      phase: `run ${JSON.stringify(command)} on ${this.port.label}`,
      ...options,
    })
    this.port.write(commandLine(id, command))
    return parseResult(await result)
  }
}
