// Content addresses: the key of an entry is the hash of all its inputs,
// serialised with sorted keys so that field order never changes a key.
import { createHash } from 'node:crypto'

export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  )
}

export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex')
}

export function storeKey(inputs: unknown): string {
  return sha256(canonicalJson(inputs)).slice(0, 32)
}
