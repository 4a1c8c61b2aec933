// The command tree, built without parsing anything: main.ts runs it, and
// `just nix-lint` walks it to check that every Nix app names a real command.
import { Command } from 'commander'
import type { Subcommand } from './command.js'
import { benchCommand } from './commands/bench.js'
import { buildCommand } from './commands/build.js'
import { doctorCommand } from './commands/doctor.js'
import { gcCommand } from './commands/gc.js'
import { imageCommand } from './commands/image.js'
import { runCommand, shellCommand } from './commands/run.js'
import { reportCommand } from './commands/report.js'
import { scenarioCommand } from './commands/scenario.js'
import { testCommand } from './commands/test.js'
import { bundledCommands } from '../project/extensions.js'

const SUBCOMMANDS = [
  doctorCommand,
  buildCommand,
  runCommand,
  shellCommand,
  scenarioCommand,
  reportCommand,
  testCommand,
  benchCommand,
  imageCommand,
  gcCommand,
  // The components' own (pkgs/extensions.ts).
  ...bundledCommands(),
]

export type Dispatch = (subcommand: Subcommand, args: unknown[]) => Promise<void>

export function buildProgram(dispatch: Dispatch = async () => {}): Command {
  const program = new Command('vmgate')
    .description('Build kernels and roots, boot them headless in QEMU, and gate on their verdicts.')
    .option('--debug', 'print stacks for infrastructure errors')
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) })
  for (const sub of SUBCOMMANDS) sub.define(program).action((...args: unknown[]) => dispatch(sub, args))
  return program
}
