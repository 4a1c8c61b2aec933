// Deterministic MACs: the same scenario, node and NIC always get the same
// address, in the locally administered range qemu uses (52:54:00).
import { createHash } from 'node:crypto'

export function macFor(...names: string[]): string {
  const digest = createHash('sha256').update(names.join('/')).digest()
  return ['52', '54', '00', ...[...digest.subarray(0, 3)].map((b) => b.toString(16).padStart(2, '0'))].join(':')
}

/**
 * The MAC qemu gives a guest's NIC `index`, the same for every guest, so that a
 * snapshot serves every node of its shape; init then gives the NIC its run's
 * MAC (from macFor). Locally administered (02:…), so never one of macFor's.
 */
export function slotMac(index: number): string {
  return `02:76:6d:00:00:${index.toString(16).padStart(2, '0')}`
}
