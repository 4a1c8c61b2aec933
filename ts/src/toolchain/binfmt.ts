// Running another arch's programs on this host, as mmdebstrap does for an image
// of that arch: the kernel hands them to qemu-user through a binfmt_misc entry.
// qemu-user-static ships the entries and binfmt-support's update-binfmts turns
// them on; its postinst skips that inside a container, and binfmt_misc may not
// be mounted there, which update-binfmts --enable mounts itself. The F flag
// makes the kernel open qemu at registration, so it works inside a chroot.
import { readFileSync } from 'node:fs'
import { InfraError } from '../errors.js'
import { hostLowering } from '../arch/index.js'
import { runTool } from '../proc.js'
import { tool } from './resolve.js'

/** qemu-user's name for each guest arch whose programs a build may run here. */
const QEMU_NAMES: Record<string, string> = { aarch64: 'aarch64', x86_64: 'x86_64' }

export interface BinfmtStatus {
  arch: string
  /** binfmt_misc's entry for it (/proc/sys/fs/binfmt_misc/qemu-…). */
  entry: string
  ok: boolean
  /** Why not, in a few words; or how it runs. */
  detail: string
  /** The command that registers it. */
  fix: string
}

const BINFMT_DIR = '/proc/sys/fs/binfmt_misc'

/** Whether programs of `arch` run here: natively, or through an enabled qemu entry with the F flag. */
export function binfmtStatus(arch: string, hostArch = hostLowering().name, dir = BINFMT_DIR): BinfmtStatus {
  const name = `qemu-${QEMU_NAMES[arch] ?? arch}`
  const entry = `${dir}/${name}`
  const fix = `update-binfmts --enable ${name}  (from binfmt-support, after apt-get install qemu-user-static binfmt-support)`
  const status = (ok: boolean, detail: string) => ({ arch, entry, ok, detail, fix })
  if (arch === hostArch) return status(true, 'native')
  const text = readOrUndefined(entry)
  if (text === undefined)
    return status(
      false,
      readOrUndefined(`${dir}/status`) === undefined ? 'binfmt_misc not mounted' : `no ${name} entry`,
    )
  const lines = text.split('\n')
  if (lines[0] !== 'enabled') return status(false, `${name} is ${lines[0]}`)
  const flags =
    lines
      .find((l) => l.startsWith('flags:'))
      ?.slice('flags:'.length)
      .trim() ?? ''
  if (!flags.includes('F'))
    return status(false, `${name} lacks the F flag (flags: ${flags || 'none'}), so a chroot can't use it`)
  const interpreter = lines.find((l) => l.startsWith('interpreter '))?.slice('interpreter '.length)
  return status(true, `through ${interpreter}`)
}

/** Registers `arch`'s qemu entry with update-binfmts (which mounts binfmt_misc if it isn't). Needs root. */
export async function registerBinfmt(arch: string): Promise<BinfmtStatus> {
  const before = binfmtStatus(arch)
  if (before.ok) return before
  const name = `qemu-${QEMU_NAMES[arch] ?? arch}`
  await runTool(tool('update-binfmts'), ['--enable', name], { what: `update-binfmts --enable ${name}` })
  const after = binfmtStatus(arch)
  if (!after.ok) throw new InfraError(`update-binfmts --enable ${name} ran, but ${after.entry}: ${after.detail}`)
  return after
}

/** Throws an InfraError with the fix when programs of `arch` can't run here. */
export function requireBinfmt(arch: string, what: string): void {
  const status = binfmtStatus(arch)
  if (!status.ok)
    throw new InfraError(
      `${what} runs ${arch} programs on this host, but ${status.entry}: ${status.detail}; run 'vmgate doctor --install' as root, or: ${status.fix}`,
    )
}

function readOrUndefined(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return undefined
  }
}
