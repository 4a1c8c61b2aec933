// --accel auto: KVM when it works, TCG otherwise. /dev/kvm can exist and still
// hang every guest (nested virtualisation), so "works" is decided by booting a
// real guest under KVM with a short deadline. The answer is cached per host
// boot and qemu binary.
import { accessSync, constants, readFileSync } from 'node:fs'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Accel } from '../arch/index.js'
import { InfraError } from '../errors.js'
import { binaryIdentity } from './snapshot.js'

export type AccelRequest = Accel | 'auto'

export interface AccelChoice {
  accel: Accel
  why: string
}

export interface AccelProbe {
  /** Identifies what the answer depends on: host boot, qemu binary, guest. */
  identity: string
  /** Boots a trivial guest under KVM; true when it reached a verdict in time. */
  run(): Promise<boolean>
}

export function kvmDeviceUsable(): boolean {
  try {
    accessSync('/dev/kvm', constants.R_OK | constants.W_OK)
    return true
  } catch {
    return false
  }
}

export function hostBootId(): string {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim()
  } catch {
    return 'unknown'
  }
}

/**
 * A probe's identity: the host boot, the qemu binary (path, size and mtime,
 * which a package upgrade changes; cheaper than hashing 100 MB) and the guest's keys.
 */
export function probeIdentity(qemu: string, guestKeys: string[], bootId: string = hostBootId()): string {
  return [bootId, binaryIdentity(qemu), ...guestKeys].join(':')
}

export async function chooseAccel(request: AccelRequest, probe: AccelProbe, cacheDir: string): Promise<AccelChoice> {
  if (request === 'tcg') return { accel: 'tcg', why: 'requested' }
  if (!kvmDeviceUsable()) {
    if (request === 'kvm')
      throw new InfraError('--accel kvm: /dev/kvm is missing or not read-write for this user; use --accel tcg or auto')
    return { accel: 'tcg', why: 'no usable /dev/kvm' }
  }
  if (request === 'kvm') return { accel: 'kvm', why: 'requested' }
  const cacheFile = join(cacheDir, 'accel-probe.json')
  const cache: Record<string, boolean> = JSON.parse(await readFile(cacheFile, 'utf8').catch(() => '{}'))
  let works = cache[probe.identity]
  const cached = works !== undefined
  if (!cached) {
    works = await probe.run()
    await mkdir(cacheDir, { recursive: true })
    await writeFile(cacheFile, JSON.stringify({ ...cache, [probe.identity]: works }))
  }
  const how = cached ? 'cached probe' : 'probe'
  return works
    ? { accel: 'kvm', why: `${how}: KVM guest booted` }
    : { accel: 'tcg', why: `${how}: /dev/kvm present but a KVM guest did not boot in time` }
}
