// Runs the bundled CLI the way a user does. Guest tests go through it so that
// exit codes and printed verdicts are what is tested.
import { execa, type ResultPromise } from 'execa'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const CLI = join(fileURLToPath(new URL('.', import.meta.url)), '../../../dist/vmgate.mjs')

export function vmgate(
  args: string[],
  env: Record<string, string> = {},
  cwd?: string,
): ResultPromise<{ reject: false; all: true }> {
  return execa(process.execPath, [CLI, ...args], {
    reject: false,
    all: true,
    env,
    stdin: 'ignore',
    cwd,
  }) as ResultPromise<{ reject: false; all: true }>
}
