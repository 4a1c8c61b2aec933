// The overlay entries for user code: each --add file or tree at its guest path
// (an executable with the libraries and loader ldd names for it, as a root's
// hostTools get them) and each --module at its numbered path.
import { lstat, readFile, readdir, readlink } from 'node:fs/promises'
import { join } from 'node:path'
import type { CpioEntry } from '../initramfs/cpio.js'
import { hostFileEntries } from '../initramfs/host-files.js'
import { moduleGuestPath } from './lower.js'
import type { UserCode } from './spec.js'

export async function userCodeEntries(code: UserCode): Promise<CpioEntry[]> {
  const entries: CpioEntry[] = []
  const executables: Record<string, string> = {}
  for (const add of code.adds) await collect(add.host, add.guest, entries, executables)
  const byPath = new Map(entries.map((entry) => [entry.path, entry]))
  // Executables and their libraries; a library two binaries share comes once.
  for (const entry of await hostFileEntries(executables, [])) byPath.set(entry.path, entry)
  for (const [i, path] of code.modules.entries())
    byPath.set(moduleGuestPath(path, i), {
      path: moduleGuestPath(path, i),
      kind: 'file',
      mode: 0o644,
      data: await readFile(path),
    })
  return [...byPath.values()]
}

/** Walks a host path: directories and symlinks as they are, plain files read, executables left to hostFileEntries. */
async function collect(
  host: string,
  guest: string,
  entries: CpioEntry[],
  executables: Record<string, string>,
): Promise<void> {
  const info = await lstat(host)
  if (info.isSymbolicLink()) entries.push({ path: guest, kind: 'symlink', target: await readlink(host) })
  else if (info.isDirectory()) {
    entries.push({ path: guest, kind: 'dir', mode: info.mode & 0o7777 })
    for (const name of (await readdir(host)).sort())
      await collect(join(host, name), join(guest, name), entries, executables)
  } else if (info.isFile() && info.mode & 0o111) executables[guest] = host
  else if (info.isFile())
    entries.push({ path: guest, kind: 'file', mode: info.mode & 0o777, data: await readFile(host) })
}
