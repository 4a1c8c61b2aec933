// Native guest components (vmgate-init now; relay and helpers later) are built
// per arch, static, into the store, keyed by their sources and compiler.
import { readFile, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { ArchLowering } from '../arch/index.js'
import { projectRoot } from '../paths.js'
import { runTool } from '../proc.js'
import type { Store } from '../store/store.js'
import { sha256 } from '../store/key.js'
import { tool } from '../toolchain/resolve.js'

const RECIPE = 1

export async function buildInit(arch: ArchLowering, store: Store): Promise<string> {
  const dir = join(projectRoot(), 'roots', 'init')
  const cc = tool(arch.tools.cc)
  const sources = await sourceHashes(dir)
  const inputs = { recipe: RECIPE, arch: arch.name, sources, cc: await store.fingerprint(cc), libc: await store.fingerprint(tool('libc-static')) }
  const entry = await store.ensure('vmgate-init', inputs, (out) =>
    runTool(tool('make'), ['-s', '-C', dir, `OUT=${out}`, `CC=${cc}`], { what: 'build vmgate-init' }),
  )
  return join(entry.path, 'vmgate-init')
}

async function sourceHashes(dir: string): Promise<Record<string, string>> {
  const names = (await readdir(dir)).filter((name) => /\.(c|h)$|^Makefile$/.test(name)).sort()
  const hashes: Record<string, string> = {}
  for (const name of names) hashes[name] = sha256(await readFile(join(dir, name)))
  return hashes
}
