// The .nix files of a tree: in a git checkout the tracked and untracked ones
// git doesn't ignore; elsewhere (a temp copy in a test) every one below the
// root, skipping node_modules and dot directories.
import { existsSync } from 'node:fs'
import { readdir } from 'node:fs/promises'
import { join, relative } from 'node:path'
import { runTool } from '../proc.js'

/** Paths relative to `root`, sorted. */
export async function nixFiles(root: string): Promise<string[]> {
  const git = await runTool('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--', '*.nix'], {
    what: 'git ls-files',
    cwd: root,
    allowFailure: true,
  })
  // A tracked file deleted in the work tree is gone for nix-instantiate too.
  const found =
    git.exitCode === 0
      ? git.stdout.split('\0').filter((path) => path && existsSync(join(root, path)))
      : await walk(root, root)
  return found.sort()
}

async function walk(root: string, dir: string): Promise<string[]> {
  const found: string[] = []
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory() && entry.name !== 'node_modules' && !entry.name.startsWith('.'))
      found.push(...(await walk(root, path)))
    else if (entry.isFile() && entry.name.endsWith('.nix')) found.push(relative(root, path))
  }
  return found
}
