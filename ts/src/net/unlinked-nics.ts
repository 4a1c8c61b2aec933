// The NICs of a single guest (`vmgate run --nic`): each on a netdev of its own
// that leads nowhere, as a topology's unlinked NIC is. The sockets live in a
// temp dir owned for the length of the run.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { NodeRequest } from '../run/boot-node.js'
import { unlinkedNetdev } from './link.js'
import { macFor } from './mac.js'
import type { Nic } from './nic.js'

type NodeNics = NonNullable<NodeRequest['nics']>

/** Runs `use` with the NICs lowered to backends (undefined for none); `owner` seeds their MACs. */
export async function withUnlinkedNics<T>(
  owner: string,
  nics: Record<string, Nic>,
  use: (nics: NodeNics | undefined) => Promise<T>,
): Promise<T> {
  if (Object.keys(nics).length === 0) return use(undefined)
  const dir = await mkdtemp(join(tmpdir(), 'vmgate-nics-'))
  try {
    return await use(
      Object.entries(nics).map(([name, { addresses, model }]) => ({
        mac: macFor(owner, name),
        model,
        addresses,
        netdev: unlinkedNetdev(dir, name),
      })),
    )
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
