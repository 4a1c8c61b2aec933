// flake.lock and npins/sources.json must pin the same nixpkgs: one revision,
// one content hash (both SRI sha256 of the unpacked tree).
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'

export interface Pin {
  rev: string
  hash: string
}

export async function flakePin(root: string): Promise<Pin> {
  const lock = JSON.parse(await readFile(join(root, 'flake.lock'), 'utf8'))
  const input = lock.nodes?.[lock.nodes?.[lock.root]?.inputs?.nixpkgs]?.locked
  if (!input?.rev || !input?.narHash) throw new Error('flake.lock: no locked nixpkgs with rev and narHash')
  return { rev: input.rev, hash: input.narHash }
}

export async function npinsPin(root: string): Promise<Pin> {
  const sources = JSON.parse(await readFile(join(root, 'npins/sources.json'), 'utf8'))
  const pin = sources.pins?.nixpkgs
  if (!pin?.revision || !pin?.hash) throw new Error('npins/sources.json: no nixpkgs pin with revision and hash')
  return { rev: pin.revision, hash: pin.hash }
}

/** The problem, or undefined when both pin the same tree. */
export function pinMismatch(flake: Pin, npins: Pin): string | undefined {
  if (flake.rev !== npins.rev) return `flake.lock pins nixpkgs ${flake.rev}, npins/sources.json ${npins.rev}`
  if (flake.hash !== npins.hash)
    return `nixpkgs ${flake.rev}: flake.lock says ${flake.hash}, npins/sources.json ${npins.hash}`
  return undefined
}
