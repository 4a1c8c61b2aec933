// nix-instantiate, resolved through the toolchain contract: --parse to check a
// file's syntax and scoping, --eval for the pure data files (nix/cli.nix).
// Neither needs nixpkgs or a network. Errors come back as one line naming
// file:line:col.
import { join } from 'node:path'
import { runTool } from '../proc.js'

/** The problem with `file` (relative to `root`), or undefined when it parses. */
export async function parseProblem(nixInstantiate: string, root: string, file: string): Promise<string | undefined> {
  const run = await runTool(nixInstantiate, ['--parse', join(root, file)], {
    what: `nix-instantiate --parse ${file}`,
    allowFailure: true,
  })
  return run.exitCode === 0 ? undefined : oneLine(run.stderr, root, file)
}

/**
 * The value of a pure Nix file as JSON; `args`, string arguments if the file is a function.
 * Throws an Error whose message is one line naming the file.
 */
export async function evalJson(
  nixInstantiate: string,
  root: string,
  file: string,
  args: Record<string, string> = {},
): Promise<unknown> {
  const argv = [
    '--eval',
    '--strict',
    '--json',
    ...Object.entries(args).flatMap(([name, value]) => ['--argstr', name, value]),
    join(root, file),
  ]
  const run = await runTool(nixInstantiate, argv, { what: `nix-instantiate --eval ${file}`, allowFailure: true })
  if (run.exitCode !== 0) throw new Error(oneLine(run.stderr, root, file))
  return JSON.parse(run.stdout)
}

/** "error: X ... at /abs/file.nix:3:7:" → "file.nix:3:7: X"; warnings (a missing nixbld group, say) are dropped. */
export function oneLine(stderr: string, root: string, file: string): string {
  const lines = stderr.split('\n').map((line) => line.trim())
  const start = lines.findIndex((line) => line.startsWith('error:'))
  // Newer Nix may put the message on the line after a bare "error:".
  const message =
    start < 0
      ? lines.filter(Boolean).at(-1)
      : lines[start].slice(6).trim() || lines.slice(start + 1).find((line) => line && !line.startsWith('…'))
  const at = /\bat (\/\S+?):(\d+):(\d+)/.exec(stderr)
  const where = at ? `${at[1].startsWith(root + '/') ? at[1].slice(root.length + 1) : at[1]}:${at[2]}:${at[3]}` : file
  return `${where}: ${(message ?? 'nix-instantiate failed with no message').replaceAll(root + '/', '')}`
}
