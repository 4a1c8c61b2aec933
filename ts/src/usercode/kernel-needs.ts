// What a guest kernel must have for the guest protocol and for the user code a
// run brings, each symbol with the fragment (kernels/fragments/NAME.config)
// that provides it. Checked against a kernel's .config before it boots: a
// kernel image of the user's own, or one of ours without 9p or modules.
import { readFile } from 'node:fs/promises'
import { UsageError } from '../errors.js'
import { parseConfig, type ConfigValues } from '../kernel/config-check.js'
import type { UserCode } from './spec.js'

export interface Need {
  symbol: string
  fragment: string
  why: string
}

// Every guest: the boot, vmgate-init's mounts, the console and the channel.
const PROTOCOL: Need[] = [
  { symbol: 'CONFIG_BLK_DEV_INITRD', fragment: 'base', why: 'the root is an initramfs' },
  { symbol: 'CONFIG_BINFMT_ELF', fragment: 'base', why: 'vmgate-init is an ELF binary' },
  { symbol: 'CONFIG_PROC_FS', fragment: 'base', why: 'vmgate-init reads /proc/cmdline' },
  { symbol: 'CONFIG_SYSFS', fragment: 'base', why: 'vmgate-init finds the channel port in /sys' },
  { symbol: 'CONFIG_DEVTMPFS', fragment: 'base', why: 'device nodes in /dev' },
  { symbol: 'CONFIG_TMPFS', fragment: 'base', why: '/tmp and /run' },
  { symbol: 'CONFIG_SERIAL_8250_CONSOLE', fragment: 'base', why: 'kernel messages and panics on the serial console' },
  { symbol: 'CONFIG_VIRTIO_MMIO', fragment: 'virtio-mmio', why: "microvm's devices are virtio-mmio" },
  {
    symbol: 'CONFIG_VIRTIO_MMIO_CMDLINE_DEVICES',
    fragment: 'virtio-mmio',
    why: 'with acpi=off qemu names its devices on the command line',
  },
  {
    symbol: 'CONFIG_VIRTIO_CONSOLE',
    fragment: 'virtio-mmio',
    why: 'the verdict channel is the virtio-serial port vmgate.0',
  },
  {
    symbol: 'CONFIG_HW_RANDOM_VIRTIO',
    fragment: 'virtio-mmio',
    why: 'entropy: without it the CRNG never initialises under TCG',
  },
]

const NINE_P: Need[] = [
  { symbol: 'CONFIG_NET_9P', fragment: '9p', why: 'host directories over 9p' },
  { symbol: 'CONFIG_NET_9P_VIRTIO', fragment: '9p', why: "9p's virtio transport" },
  { symbol: 'CONFIG_9P_FS', fragment: '9p', why: 'mounting 9p' },
]

const OVERLAY: Need = {
  symbol: 'CONFIG_OVERLAY_FS',
  fragment: '9p',
  why: "--host-root's writable layer over the host's /",
}
const MODULES: Need = { symbol: 'CONFIG_MODULES', fragment: 'modules', why: '--module loads a .ko' }

/** The needs of every guest, plus those of what this run brings. */
export function kernelNeeds(code: UserCode): Need[] {
  return [
    ...PROTOCOL,
    ...(code.shares.length > 0 || code.hostRoot ? NINE_P : []),
    ...(code.hostRoot ? [OVERLAY] : []),
    ...(code.modules.length > 0 ? [MODULES] : []),
  ]
}

/** Built in (=y): nothing loads a module before vmgate-init needs these. */
export function missingNeeds(needs: Need[], config: ConfigValues): Need[] {
  return needs.filter((need) => config.get(need.symbol) !== 'y')
}

export async function checkKernelConfig(kernel: string, configPath: string, code: UserCode): Promise<void> {
  const config = parseConfig(await readFile(configPath, 'utf8'), configPath)
  const missing = missingNeeds(kernelNeeds(code), config)
  if (missing.length === 0) return
  const lines = missing.map(
    (n) =>
      `  ${n.symbol}=y (kernels/fragments/${n.fragment}.config): ${n.why}; it is ${config.has(n.symbol) ? (config.get(n.symbol) ?? 'not set') : 'absent'}`,
  )
  throw new UsageError(
    [
      `kernel ${kernel} (${configPath}) lacks what this run needs:`,
      ...lines,
      'Build it with those fragments, or pick a kernel that has them.',
    ].join('\n'),
  )
}
