// A cpio layer described before it is written. A host file stands for itself
// by path and is read only when the layer is written, so an image already in
// the store is found by the files' stat-cached fingerprints (store.fingerprint)
// instead of reading and hashing every byte of them on every run.
import { readFile } from 'node:fs/promises'
import type { Store } from '../store/store.js'
import { sha256 } from '../store/key.js'
import { writeCpio, type CpioEntry } from './cpio.js'

export type LayerEntry = CpioEntry | { path: string; kind: 'host-file'; mode: number; from: string }

/** What the layer's bytes are made of, by path: a host file by its content's hash, an entry in memory as it is. */
export async function layerInputs(entries: LayerEntry[], store: Store): Promise<unknown[]> {
  const inputs = await Promise.all(
    entries.map(async (entry) => {
      if (entry.kind === 'host-file')
        return { path: entry.path, kind: 'file', mode: entry.mode, sha256: await store.fingerprint(entry.from) }
      return entry.kind === 'file' ? { ...entry, data: sha256(entry.data) } : entry
    }),
  )
  return inputs.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
}

/** The layer's bytes: its host files read now; none at all for an empty layer. */
export async function writeLayer(entries: LayerEntry[], mtime: number): Promise<Buffer> {
  return entries.length > 0 ? writeCpio(await readLayer(entries), { mtime }) : Buffer.alloc(0)
}

/** The entries with each host file's bytes read in. */
export function readLayer(entries: LayerEntry[]): Promise<CpioEntry[]> {
  return Promise.all(
    entries.map(async (entry): Promise<CpioEntry> =>
      entry.kind === 'host-file'
        ? { path: entry.path, kind: 'file', mode: entry.mode, data: await readFile(entry.from) }
        : entry,
    ),
  )
}
