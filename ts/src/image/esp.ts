// The EFI system partition, as a FAT32 file built with mkfs.fat and filled by
// mtools: systemd-boot on the removable-media path (firmware without boot
// entries loads it), the UKI under EFI/Linux where systemd-boot finds it, and
// a loader.conf that boots it at once. No mount, no loop device, no root.
import { lutimes, rm, writeFile } from 'node:fs/promises'
import { runTool } from '../proc.js'
import { tool } from '../toolchain/resolve.js'

export interface EspContents {
  /** systemd-boot's EFI binary and the name firmware looks for (BOOTX64.EFI). */
  bootLoader: { file: string; removableName: string }
  uki: { file: string; name: string }
}

// timeout 0: no menu; the one entry boots. The editor stays off: the command
// line a test adds goes through SMBIOS, not the loader.
const LOADER_CONF = 'timeout 0\neditor no\n'

export async function buildEsp(
  out: string,
  mib: number,
  volumeId: string,
  contents: EspContents,
  epoch: number,
): Promise<void> {
  const env = { ...process.env, SOURCE_DATE_EPOCH: String(epoch) } as Record<string, string>
  // --invariant: no time or random volume id in the filesystem's own fields.
  await runTool(
    tool('mkfs-vfat'),
    ['-C', '-F', '32', '-n', 'ESP', '-i', volumeId, '--invariant', out, String(mib * 1024)],
    { what: 'mkfs.fat', env },
  )
  const loaderConf = `${out}.loader.conf`
  await writeFile(loaderConf, LOADER_CONF)
  const mtools = { what: 'mtools', env }
  await runTool(tool('mmd'), ['-i', out, '::/EFI', '::/EFI/BOOT', '::/EFI/Linux', '::/loader'], mtools)
  const copies: Array<[string, string]> = [
    [contents.bootLoader.file, `::/EFI/BOOT/${contents.bootLoader.removableName}`],
    [contents.uki.file, `::/EFI/Linux/${contents.uki.name}`],
    [loaderConf, '::/loader/loader.conf'],
  ]
  // -m: the files' own mtimes (clamped), not the time of the copy.
  for (const [from, to] of copies) {
    await lutimes(from, epoch, epoch)
    await runTool(tool('mcopy'), ['-m', '-i', out, from, to], mtools)
  }
  await rm(loaderConf)
}
