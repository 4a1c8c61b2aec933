// Packages vmgate fetches instead of installing: `apt-get download`, then
// `dpkg-deb -x` into the store's debs/ dir, one dir per package. For another
// arch's package that would replace the host's own if installed (busybox-static
// is not Multi-Arch: same). Needs apt to know the arch, not root. A foreign
// program's library packages are unpacked into the same tree (withPackages).
import { readFileSync } from 'node:fs'
import { chmod, mkdir, mkdtemp, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { InfraError } from '../errors.js'
import { runTool } from '../proc.js'
import { storeRoot } from '../store/store.js'
import type { ToolSpec } from './tools.js'

const VERSION_FILE = '.deb-version'
// The library packages unpacked beside the main one: a tree unpacked before
// its list grew lacks the new ones, and counts as missing until fetched again.
const WITH_FILE = '.deb-with'

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

/** Whether a tree holds every package `spec` asks for (a tree without withPackages needs no record). */
export function unpackedWhole(spec: ToolSpec, env: NodeJS.ProcessEnv = process.env): boolean {
  if (!spec.withPackages?.length) return true
  const record = (() => {
    try {
      return readFileSync(join(unpackedDir(spec.debianPackage, env), WITH_FILE), 'utf8')
    } catch {
      return ''
    }
  })()
  return record === withRecord(spec.withPackages)
}

const withRecord = (packages: string[]) => packages.join('\n') + '\n'

/**
 * Downloads and unpacks a package and the library packages it comes with into
 * one tree; the dir appears whole (renamed into place) or not at all.
 */
export async function fetchDeb(
  debianPackage: string,
  withPackages: string[] = [],
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  const target = unpackedDir(debianPackage, env)
  await mkdir(dirname(target), { recursive: true })
  const scratch = await mkdtemp(`${target}.tmp-`)
  // apt's download sandbox user must be able to write here, or apt warns and downloads as root.
  await chmod(scratch, 0o755)
  try {
    const download = await runTool('apt-get', ['download', '-q', debianPackage, ...withPackages], {
      what: `apt-get download ${debianPackage}`,
      cwd: scratch,
      allowFailure: true,
    })
    if (download.exitCode !== 0)
      throw new InfraError(
        `apt-get download ${debianPackage} failed: ${download.stderr.trim().split('\n').pop()}; for another arch's package run: dpkg --add-architecture ${debianPackage.split(':')[1] ?? 'ARCH'} && apt-get update`,
      )
    const debs = (await readdir(scratch)).filter((f) => f.endsWith('.deb')).map((f) => join(scratch, f))
    const tree = join(scratch, 'tree')
    for (const deb of debs) await runTool('dpkg-deb', ['-x', deb, tree], { what: `unpack ${deb}` })
    // apt names a download PACKAGE_VERSION_ARCH.deb; the main package's is the tree's version.
    const main = debs.find((deb) =>
      deb
        .split('/')
        .pop()!
        .startsWith(`${debianPackage.split(':')[0]}_`),
    )!
    const version = await runTool('dpkg-deb', ['-f', main, 'Version'], { what: `${debianPackage} version` })
    await writeFile(join(tree, VERSION_FILE), version.stdout.trim() + '\n')
    if (withPackages.length > 0) await writeFile(join(tree, WITH_FILE), withRecord(withPackages))
    await rm(target, { recursive: true, force: true })
    await rename(tree, target)
  } finally {
    await rm(scratch, { recursive: true, force: true })
  }
}
