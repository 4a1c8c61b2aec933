// The unified kernel image: the root's own kernel and initrd, the command line
// and os-release, wrapped around systemd-stub by the root's own ukify (so the
// stub is the release's, the one that reads SMBIOS type 11). Then the tree's
// /boot is emptied: the kernel boots from the ESP only.
import { readdir, rename, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { InfraError } from '../errors.js'
import { runTool } from '../proc.js'

export async function buildUki(root: string, cmdline: string[], out: string, epoch: number): Promise<string> {
  const boot = join(root, 'boot')
  const kernels = (await readdir(boot)).filter((f) => f.startsWith('vmlinuz-'))
  if (kernels.length !== 1)
    throw new InfraError(`${boot}: expected one kernel, found ${kernels.length} (${kernels.join(', ') || 'none'})`)
  const version = kernels[0].slice('vmlinuz-'.length)
  const inRoot = '/tmp/vmgate-uki.efi'
  await runTool(
    'chroot',
    [
      root,
      'ukify',
      'build',
      `--linux=/boot/vmlinuz-${version}`,
      `--initrd=/boot/initrd.img-${version}`,
      `--uname=${version}`,
      `--cmdline=${cmdline.join(' ')}`,
      '--os-release=@/etc/os-release',
      `--output=${inRoot}`,
    ],
    { what: 'ukify build', env: { ...process.env, SOURCE_DATE_EPOCH: String(epoch) } as Record<string, string> },
  )
  await rename(join(root, inRoot), out)
  for (const name of await readdir(boot)) await rm(join(boot, name), { force: true })
  return version
}
