import type { Command } from 'commander'
import type { LogSink } from '../log.js'

export interface CommandContext {
  /** What commander passed to the action: positional args, then options. */
  args: unknown[]
  log: LogSink
  signal: AbortSignal
}

export interface Subcommand {
  define(program: Command): Command
  run(context: CommandContext): Promise<number>
}
