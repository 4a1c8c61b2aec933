// vmgate's entry point: the command tree (program.ts) and one place that
// turns errors into messages and exit codes.
import { CommanderError } from 'commander'
import { ExitCode, Interrupted, isVmgateError } from '../errors.js'
import { stderrSink } from '../log.js'
import { interruptSignal } from './interrupt.js'
import { buildProgram } from './program.js'
import { traceMark, traceStart } from '../startup-trace.js'

async function main(argv: string[]): Promise<number> {
  traceStart()
  quietWhenStdoutCloses()
  let exitCode: number = ExitCode.pass
  const program = buildProgram(async (sub, args) => {
    traceMark('command parsed')
    exitCode = await sub.run({ args, log: stderrSink, signal: interruptSignal() })
  })
  try {
    await program.parseAsync(argv)
    return exitCode
  } catch (error) {
    return report(error, Boolean(program.opts().debug))
  }
}

/**
 * `vmgate scenario list | head`: once the reader has gone, what is left to print
 * goes nowhere, and the command still ends as it would have (a run still stops
 * its guests), instead of dying on EPIPE with a stack trace.
 */
function quietWhenStdoutCloses(): void {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error
  })
}

function report(error: unknown, debug: boolean): number {
  if (error instanceof CommanderError) {
    return error.code === 'commander.helpDisplayed' || error.code === 'commander.version'
      ? ExitCode.pass
      : ExitCode.usage
  }
  if (error instanceof Interrupted) return error.exitCode
  if (isVmgateError(error)) {
    process.stderr.write(`vmgate: ${error.message}\n`)
    if (debug && error.exitCode === ExitCode.infra && error.stack) process.stderr.write(`${error.stack}\n`)
    return error.exitCode
  }
  process.stderr.write(`vmgate: internal error: ${(error as Error)?.message ?? error}\n`)
  if (debug) process.stderr.write(`${(error as Error)?.stack}\n`)
  return ExitCode.infra
}

main(process.argv).then(
  (code) => {
    process.exitCode = code
  },
  (error) => {
    process.exitCode = error instanceof Interrupted ? ExitCode.interrupted : ExitCode.infra
  },
)
