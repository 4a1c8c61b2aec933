// vmgate's entry point: a table of subcommands, one file each, and one place
// that turns errors into messages and exit codes.
import { Command, CommanderError } from 'commander'
import { ExitCode, Interrupted, isVmgateError } from '../errors.js'
import { stderrSink } from '../log.js'
import { buildCommand } from './commands/build.js'
import { doctorCommand } from './commands/doctor.js'
import { gcCommand } from './commands/gc.js'
import { runCommand, shellCommand } from './commands/run.js'
import { scenarioCommand } from './commands/scenario.js'
import { interruptSignal } from './interrupt.js'

const SUBCOMMANDS = [doctorCommand, buildCommand, runCommand, shellCommand, scenarioCommand, gcCommand]

async function main(argv: string[]): Promise<number> {
  const program = new Command('vmgate')
    .description('Build kernels and roots, boot them headless in QEMU, and gate on their verdicts.')
    .option('--debug', 'print stacks for infrastructure errors')
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) })
  let exitCode: number = ExitCode.pass
  for (const sub of SUBCOMMANDS) {
    sub.define(program).action(async (...args: unknown[]) => {
      exitCode = await sub.run({ args, log: stderrSink, signal: interruptSignal() })
    })
  }
  try {
    await program.parseAsync(argv)
    return exitCode
  } catch (error) {
    return report(error, Boolean(program.opts().debug))
  }
}

function report(error: unknown, debug: boolean): number {
  if (error instanceof CommanderError) {
    return error.code === 'commander.helpDisplayed' || error.code === 'commander.version' ? ExitCode.pass : ExitCode.usage
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
