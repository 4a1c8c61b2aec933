// Every Machine call is a timed, nested log step: `machine ▸ succeed(…) 1.2s`,
// indented by depth, so a test's log reads as the tree of what it did; a step
// that throws is logged too, marked failed, before the error goes up.
import type { LogSink } from '../log.js'

export class Steps {
  private depth = 0

  constructor(private readonly log: LogSink) {}

  async run<T>(name: string, fn: () => Promise<T>, detail?: (value: T) => string): Promise<T> {
    const started = performance.now()
    const indent = '  '.repeat(this.depth)
    this.depth++
    try {
      const value = await fn()
      this.log({ kind: 'step', name: `${indent}${name}`, ms: performance.now() - started, detail: detail?.(value) })
      return value
    } catch (error) {
      this.log({ kind: 'step', name: `${indent}${name}`, ms: performance.now() - started, detail: 'failed' })
      throw error
    } finally {
      this.depth--
    }
  }
}
