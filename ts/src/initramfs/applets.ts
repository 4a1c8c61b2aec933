// Where busybox's applet links go in a root. A busybox built for another arch
// can't be asked (`--list-full`) on this host, so the names come from the
// binary itself: busybox keeps them as one sorted, NUL-separated table,
// looked up by binary search. An applet's directory is fixed by busybox's
// source, not by the arch, so the host's own busybox says where each goes.
import { InfraError } from '../errors.js'
import { runTool } from '../proc.js'

// Fewer than this many sorted names in a row is a coincidence, not the table.
const MIN_APPLETS = 20
const APPLET_NAME = /^[a-z0-9[][a-z0-9_.[\]-]*$/

/** The applet names of a busybox binary: the longest run of ascending names between NULs. */
export function appletNames(binary: Uint8Array): string[] {
  const words = Buffer.from(binary).toString('latin1').split('\0')
  let best: string[] = []
  let run: string[] = []
  for (const word of words) {
    if (APPLET_NAME.test(word) && (run.length === 0 || word > run[run.length - 1])) run.push(word)
    else run = APPLET_NAME.test(word) ? [word] : []
    if (run.length > best.length) best = [...run]
  }
  if (best.length < MIN_APPLETS)
    throw new InfraError(
      `no applet table found in this busybox (longest sorted run: ${best.length} names); is it busybox?`,
    )
  return best
}

/** Each applet at the path the host's busybox gives it, or in bin/ if the host's lacks it. */
export function appletPaths(names: string[], hostList: string[]): string[] {
  const dirOf = new Map(hostList.map((path) => [path.split('/').pop()!, path.slice(0, path.lastIndexOf('/') + 1)]))
  return names.filter((name) => name !== 'linuxrc').map((name) => `${dirOf.get(name) ?? 'bin/'}${name}`)
}

/** `busybox --list-full` of the host's own busybox. */
export async function hostAppletList(hostBusybox: string): Promise<string[]> {
  const result = await runTool(hostBusybox, ['--list-full'], { what: `${hostBusybox} --list-full`, allowFailure: true })
  if (result.exitCode !== 0)
    throw new InfraError(`${hostBusybox} --list-full failed: ${result.stderr}; is it a static busybox for this host?`)
  return result.stdout.split('\n').filter((line) => line.trim() !== '')
}
