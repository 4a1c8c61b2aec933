// Direct links: the two qemu ends point at each other and no host process sits
// in the path. Each end is a unix datagram socket in the run's private dir, so
// there are no ports to allocate and nothing to race for.
import { join } from 'node:path'

export interface LinkEnds {
  a: string
  b: string
}

/** The -netdev backends for the two ends of a direct link. */
export function directLink(dir: string, name: string): LinkEnds {
  const path = (end: string) => join(dir, `${name}.${end}.sock`)
  const backend = (local: string, remote: string) =>
    `dgram,local.type=unix,local.path=${path(local)},remote.type=unix,remote.path=${path(remote)}`
  return { a: backend('a', 'b'), b: backend('b', 'a') }
}

/** The -netdev backend of a NIC with no link: a cable to nowhere, its frames dropped. */
export function unlinkedNetdev(dir: string, name: string): string {
  return directLink(dir, `${name}-unlinked`).a
}
