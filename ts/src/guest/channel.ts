// The host side of the verdict channel. Every line must be one well-formed
// event; exactly one result with the run's nonce may arrive. Anything else
// (garbled, missing, duplicated, wrong nonce) turns the verdict into a fail.
import * as z from 'zod'

const Metrics = z.record(z.string(), z.union([z.number(), z.string(), z.boolean()]))

export const ChannelEvent = z.discriminatedUnion('event', [
  // init is up and waits for the run (guest/params.ts); a snapshot is saved here.
  z.object({ event: z.literal('hello'), ms: z.number().optional() }),
  z.object({ event: z.literal('ready'), role: z.string().optional(), ms: z.number().optional() }),
  z.object({ event: z.literal('mark'), name: z.string(), ms: z.number(), ready: z.boolean().optional() }),
  z.object({ event: z.literal('log'), stream: z.string(), line: z.string() }),
  z.object({
    event: z.literal('result'),
    nonce: z.string(),
    status: z.enum(['pass', 'fail', 'skip']),
    reason: z.string(),
    metrics: Metrics.default({}),
  }),
])
export type ChannelEvent = z.infer<typeof ChannelEvent>
export type ResultEvent = Extract<ChannelEvent, { event: 'result' }>

export type Verdict = { ok: true; result: ResultEvent } | { ok: false; reason: string; result?: ResultEvent }

const MAX_QUOTE = 80

export class VerdictCollector {
  private result: ResultEvent | undefined
  private problems: string[] = []

  constructor(private readonly nonce: string) {}

  /** Parses one line; returns the event, or undefined when the line is a protocol violation. */
  push(line: string): ChannelEvent | undefined {
    let json: unknown
    try {
      json = JSON.parse(line)
    } catch {
      return this.problem(`garbled channel line: '${quote(line)}'`)
    }
    const parsed = ChannelEvent.safeParse(json)
    if (!parsed.success)
      return this.problem(`malformed channel event: '${quote(line)}' (${parsed.error.issues[0]?.message})`)
    const event = parsed.data
    if (event.event !== 'result') return event
    if (event.nonce !== this.nonce) return this.problem(`result with the wrong nonce: '${quote(event.nonce)}'`)
    if (this.result) return this.problem('duplicated result: the guest reported twice')
    this.result = event
    return event
  }

  get hasResult(): boolean {
    return this.result !== undefined
  }

  verdict(): Verdict {
    if (this.problems.length > 0)
      return { ok: false, reason: `channel protocol violated: ${this.problems.join('; ')}`, result: this.result }
    if (!this.result) return { ok: false, reason: 'no result on the channel' }
    return { ok: true, result: this.result }
  }

  private problem(message: string): undefined {
    this.problems.push(message)
    return undefined
  }
}

function quote(text: string): string {
  return text.length > MAX_QUOTE ? `${text.slice(0, MAX_QUOTE)}…` : text
}
