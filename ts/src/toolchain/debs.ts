// Packages vmgate fetches instead of installing: `apt-get download`, then
// `dpkg-deb -x` into the store's debs/ dir, one dir per package. For another
// arch's package that would replace the host's own if installed (busybox-static
// is not Multi-Arch: same). Needs apt to know the arch, not root.
import { chmod, mkdir, mkdtemp, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { InfraError } from '../errors.js'
import { runTool } from '../proc.js'
import { storeRoot } from '../store/store.js'
import type { ToolSpec } from './tools.js'

const VERSION_FILE = '.deb-version'

export function unpackedDir(debianPackage: string, env: NodeJS.ProcessEnv = process.env): string {
  return join(storeRoot(env), 'debs', debianPackage.replace(':', '_'))
}

/** Where an unpacked tool's file lands. */
export function unpackedPath(spec: ToolSpec, env: NodeJS.ProcessEnv = process.env): string {
  return join(unpackedDir(spec.debianPackage, env), spec.debianPath)
}

/** The version of the .deb a dir was unpacked from, as dpkg-deb read it. */
export async function unpackedVersion(debianPackage: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  return (await readFile(join(unpackedDir(debianPackage, env), VERSION_FILE), 'utf8').catch(() => 'unknown')).trim()
}

/** Downloads and unpacks one package; the dir appears whole (renamed into place) or not at all. */
export async function fetchDeb(debianPackage: string, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const target = unpackedDir(debianPackage, env)
  await mkdir(dirname(target), { recursive: true })
  const scratch = await mkdtemp(`${target}.tmp-`)
  // apt's download sandbox user must be able to write here, or apt warns and downloads as root.
  await chmod(scratch, 0o755)
  try {
    const download = await runTool('apt-get', ['download', '-q', debianPackage], {
      what: `apt-get download ${debianPackage}`,
      cwd: scratch,
      allowFailure: true,
    })
    if (download.exitCode !== 0)
      throw new InfraError(
        `apt-get download ${debianPackage} failed: ${download.stderr.trim().split('\n').pop()}; for another arch's package run: dpkg --add-architecture ${debianPackage.split(':')[1] ?? 'ARCH'} && apt-get update`,
      )
    const deb = join(
      scratch,
      (await readdir(scratch)).find((f) => f.endsWith('.deb'))!,
    )
    const tree = join(scratch, 'tree')
    await runTool('dpkg-deb', ['-x', deb, tree], { what: `unpack ${debianPackage}` })
    const version = await runTool('dpkg-deb', ['-f', deb, 'Version'], { what: `${debianPackage} version` })
    await writeFile(join(tree, VERSION_FILE), version.stdout.trim() + '\n')
    await rm(target, { recursive: true, force: true })
    await rename(tree, target)
  } finally {
    await rm(scratch, { recursive: true, force: true })
  }
}
