// WireGuard-shaped datagrams and the captured MAC1 vectors, for the relay tests.
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { RELAY_DIR } from './harness.js'

function message(type: number, len: number): Buffer {
  const msg = randomBytes(len)
  msg.writeUInt32LE(type, 0) // type byte, then three zero reserved bytes
  return msg
}

export const initiation = () => message(1, 148)
export const response = () => message(2, 92)
export const cookie = () => message(3, 64)
/** A transport message carrying `padded` bytes of (padded) plaintext. */
export const transport = (padded = 0) => message(4, 32 + padded)

/** A fresh, unique, well-formed public key (32 random bytes). */
export const newKey = () => randomBytes(32).toString('base64')

export type Vector = { responderPub: string; initiatorPub: string; mac1: string; packet: Buffer }

/** Real initiations captured from wireguard-go: see the file's header. */
export function mac1Vectors(): Vector[] {
  const text = readFileSync(path.join(RELAY_DIR, 'testdata/mac1-vectors.txt'), 'utf8')
  return text
    .split('\n')
    .filter((l) => l.startsWith('vector '))
    .map((line) => {
      const f = Object.fromEntries(
        line
          .slice(7)
          .split(' ')
          .map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
      )
      return {
        responderPub: f.responder_pub!,
        initiatorPub: f.initiator_pub!,
        mac1: f.mac1!,
        packet: Buffer.from(f.packet!, 'hex'),
      }
    })
}
