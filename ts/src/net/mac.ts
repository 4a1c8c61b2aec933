// Deterministic MACs: the same scenario, node and NIC always get the same
// address, in the locally administered range qemu uses (52:54:00).
import { createHash } from 'node:crypto'

export function macFor(...names: string[]): string {
  const digest = createHash('sha256').update(names.join('/')).digest()
  return ['52', '54', '00', ...[...digest.subarray(0, 3)].map((b) => b.toString(16).padStart(2, '0'))].join(':')
}
