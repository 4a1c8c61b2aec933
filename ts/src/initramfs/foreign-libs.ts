// The shared libraries of a binary built for another arch than the host's:
// ldd would have to run it, so they are read from its ELF (readelf: the
// loader it asks for, its NEEDED sonames and RUNPATH) and looked up, one
// level after another, in the dirs the guest's loader searches.
import { existsSync } from 'node:fs'
import { basename, join } from 'node:path'
import { InfraError } from '../errors.js'
import { runTool } from '../proc.js'
import { tool } from '../toolchain/resolve.js'

/** A dir to look in: where it is on the host, and where its files go in the guest. */
export interface LibDir {
  host: string
  guest: string
}

export interface DynamicSection {
  needed: string[]
  /** RUNPATH or RPATH dirs (a Nix-built binary's libraries are found only through these). */
  runpath: string[]
}

/** `readelf -d` output: "(NEEDED) Shared library: [libc.so.6]", "(RUNPATH) Library runpath: [/a:/b]". */
export function parseDynamic(output: string): DynamicSection {
  const needed = [...output.matchAll(/\(NEEDED\)\s+Shared library: \[([^\]]+)\]/g)].map((m) => m[1])
  const runpath = [...output.matchAll(/\((?:RUNPATH|RPATH)\)\s+Library r(?:un)?path: \[([^\]]*)\]/g)].flatMap((m) =>
    m[1].split(':').filter(Boolean),
  )
  return { needed, runpath }
}

/** `readelf -l` output: "[Requesting program interpreter: /lib/ld-linux-aarch64.so.1]"; absent for a static binary. */
export function parseInterpreter(output: string): string | undefined {
  return /Requesting program interpreter: ([^\]\s]+)\]/.exec(output)?.[1]
}

async function readelf(flag: '-d' | '-l', file: string): Promise<string> {
  return (await runTool(tool('readelf'), ['-W', flag, file], { what: `readelf ${flag} ${file}` })).stdout
}

/** Guest path → host path of the loader and every library `binary` needs, transitively. */
export async function foreignLibraries(binary: string, dirs: LibDir[]): Promise<Map<string, string>> {
  const found = new Map<string, string>()
  const interpreter = parseInterpreter(await readelf('-l', binary))
  if (interpreter === undefined) return found
  if (!existsSync(interpreter))
    throw new InfraError(
      `${binary} asks for the loader ${interpreter}, which the host lacks; install its arch's libc6 (e.g. libc6:arm64)`,
    )
  found.set(interpreter, interpreter)
  // libc names the loader too; it is loaded already, by its path.
  const seen = new Set<string>([basename(interpreter)])
  const queue = [binary]
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    const { needed, runpath } = parseDynamic(await readelf('-d', file))
    const search = [...runpath.map((dir) => ({ host: dir, guest: dir })), ...dirs]
    for (const soname of needed.filter((name) => !seen.has(name))) {
      seen.add(soname)
      const dir = search.find((d) => existsSync(join(d.host, soname)))
      if (!dir)
        throw new InfraError(
          `${soname}, needed by ${file}, is in none of ${search.map((d) => d.host).join(', ')}; add its package to the tool's withPackages (ts/src/toolchain/tools.ts)`,
        )
      found.set(join(dir.guest, soname), join(dir.host, soname))
      queue.push(join(dir.host, soname))
    }
  }
  return found
}
