// Lowers user code into what the guest is started with: qemu's 9p devices and
// vmgate-init's vmgate.* words for the run. Pure: no I/O, unit-tested.
import type { MachineLowering } from '../arch/index.js'
import { qemuOptionValue } from '../vm/qemu-args.js'
import type { UserCode } from './spec.js'

/** The 9p tag of the host's / with --host-root; shares are vmgate-share0, 1, … */
export const HOST_ROOT_TAG = 'vmgate-root'

/** Where module N sits in the overlay: numbered, so two foo.ko from different trees don't collide, and loaded in order. */
export function moduleGuestPath(hostPath: string, index: number): string {
  return `/lib/modules/vmgate/${index}-${hostPath.split('/').pop()}`
}

export function userCodeQemuArgs(code: UserCode, machine: MachineLowering): string[] {
  const exports = [
    ...(code.hostRoot ? [{ tag: HOST_ROOT_TAG, host: '/', rw: false }] : []),
    ...code.shares.map((share, i) => ({ tag: `vmgate-share${i}`, host: share.host, rw: share.rw })),
  ]
  return exports.flatMap(({ tag, host, rw }) => [
    // security_model=none: the guest sees the host's owners and modes, and writes
    // (with :rw) happen as the user running vmgate, who never gains anything.
    // multidevs=remap: a tree spanning host filesystems (/ does: /proc, /sys)
    // would otherwise show files of two of them with one inode number, and the
    // guest takes them for one (the roots of /proc and /sys are both inode 1).
    '-fsdev',
    `local,id=${tag},path=${qemuOptionValue(host)},security_model=none,multidevs=remap${rw ? '' : ',readonly=on'}`,
    '-device',
    `${machine.devices.fs9p},fsdev=${tag},mount_tag=${tag}`,
  ])
}

export function userCodeGuestWords(code: UserCode): string[] {
  return [
    ...code.modules.map((path, i) => `vmgate.module=${moduleGuestPath(path, i)}`),
    ...(code.hostRoot ? [`vmgate.hostroot=${HOST_ROOT_TAG}`] : []),
    ...code.shares.map((share, i) => `vmgate.share=vmgate-share${i},${share.guest}${share.rw ? ',rw' : ''}`),
    // Relative --add paths land under /root; the command runs there.
    ...(code.adds.length > 0 ? ['vmgate.cwd=/root'] : []),
  ]
}
