// Host files for a root layer: each binary with the shared libraries and the
// loader that ldd names for it (foreign-libs.ts for another arch's binary),
// each file at the path the binary expects.
import { realpath, stat } from 'node:fs/promises'
import { InfraError } from '../errors.js'
import { runTool } from '../proc.js'
import type { CpioEntry } from './cpio.js'
import { readLayer, type LayerEntry } from './layer.js'

/** Library paths from `ldd` output: "libx.so => /lib/.../libx.so (0x..)" and the loader line. */
export function parseLdd(output: string): string[] {
  const paths = output.split('\n').flatMap((line) => {
    const linked = /=>\s+(\/\S+)/.exec(line)
    const loader = /^\s*(\/\S+)\s+\(0x/.exec(line)
    return linked ? [linked[1]] : loader ? [loader[1]] : []
  })
  return [...new Set(paths)].sort()
}

/** Guest path → host path of a binary's libraries; the guest runs the host's arch, so at the same paths. */
export type LibraryResolver = (binary: string) => Promise<Map<string, string>>

/** The libraries and loader `ldd` names for a host binary; none for a static one. */
export async function lddLibraries(binary: string): Promise<Map<string, string>> {
  const ldd = await runTool('ldd', [binary], { what: `ldd ${binary}`, allowFailure: true })
  if (ldd.exitCode !== 0 && !/not a dynamic executable/.test(ldd.stdout + ldd.stderr)) {
    throw new InfraError(
      `ldd ${binary} failed: ${ldd.stderr.trim() || ldd.stdout.trim()}; is the package that provides it installed?`,
    )
  }
  return new Map(parseLdd(ldd.stdout).map((lib) => [lib, lib]))
}

/**
 * `binaries`: guest path → host path. `files`: host paths, placed at the same
 * path in the guest. `libraries` finds each binary's (a foreign arch's binary
 * needs foreign-libs.ts, not ldd). Each file is named, not read (layer.ts).
 */
export async function hostFileSources(
  binaries: Record<string, string>,
  files: string[],
  libraries: LibraryResolver = lddLibraries,
): Promise<LayerEntry[]> {
  const wanted = new Map(files.map((path) => [path, path]))
  for (const [guestPath, binary] of Object.entries(binaries)) {
    wanted.set(guestPath, binary)
    for (const [guestLib, hostLib] of await libraries(binary)) wanted.set(guestLib, hostLib)
  }
  const entries: LayerEntry[] = []
  for (const [path, hostPath] of [...wanted].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const real = await realpath(hostPath).catch(() => {
      throw new InfraError(`${hostPath}: not found on the host; install the Debian package that provides it`)
    })
    // Modes as on the host: the loader, for one, must stay executable.
    entries.push({ path, kind: 'host-file', mode: (await stat(real)).mode & 0o755, from: real })
  }
  return entries
}

/** hostFileSources, each file read. */
export async function hostFileEntries(
  binaries: Record<string, string>,
  files: string[],
  libraries: LibraryResolver = lddLibraries,
): Promise<CpioEntry[]> {
  return readLayer(await hostFileSources(binaries, files, libraries))
}
