// A guest's NIC as scenarios, vmgate.toml targets, inVm and `vmgate run --nic`
// declare it: a name, its addresses in CIDR form, and its model. The limits are
// what vmgate-init configures, checked once here for all of them.
import { isIP } from 'node:net'
import * as z from 'zod'
import { NIC_MODELS, type NicModel } from '../arch/index.js'

/** A name in a lab (a node, NIC, link or target): what a NIC's name must be too. */
export const NAME = /^[a-z][a-z0-9-]{0,31}$/
export const NAME_RULE = 'use 1-32 of a-z, 0-9 and -, starting with a letter'
export const Name = z.string().regex(NAME, NAME_RULE)

// What vmgate-init configures: up to 4 NICs of up to 4 addresses, one IPv4 each.
export const MAX_NICS = 4
const MAX_ADDRESSES = 4

/** A NIC: its addresses in CIDR form, or those and its model (virtio, e1000, e1000e). */
export type NicInput = string[] | { addresses?: string[]; model?: NicModel }
export interface Nic {
  addresses: string[]
  model: NicModel
}

// A preprocess, not a union: a union's error would not say which model is wrong.
// The cast gives scenario authors the input type that preprocess loses.
export const NicSpec = z.preprocess(
  (nic) => (Array.isArray(nic) ? { addresses: nic } : nic),
  z.strictObject({ addresses: z.array(z.string()).default([]), model: z.enum(NIC_MODELS).default('virtio') }),
) as unknown as z.ZodType<Nic, NicInput>

/** NIC name → NIC, as a node, target or inVm declares them. */
export const NicsSpec = z.record(Name, NicSpec)

/** Whether `cidr` is ADDRESS/PREFIX-LENGTH, IPv4 or IPv6. */
export function isCidr(cidr: string): boolean {
  const [ip, length, ...rest] = cidr.split('/')
  const family = isIP(ip)
  return family !== 0 && rest.length === 0 && /^\d+$/.test(length ?? '') && Number(length) <= (family === 6 ? 128 : 32)
}

/** What is wrong with one NIC's addresses; `where` names it (node.nic). */
export function nicProblems(where: string, { addresses }: Nic): string[] {
  const problems = addresses
    .filter((cidr) => !isCidr(cidr))
    .map((cidr) => `${where}: '${cidr}' is not an address/prefix-length`)
  if (addresses.length > MAX_ADDRESSES)
    problems.push(`${where}: ${addresses.length} addresses; a NIC has at most ${MAX_ADDRESSES}`)
  if (addresses.filter((cidr) => isIP(cidr.split('/')[0]) === 4).length > 1)
    problems.push(`${where}: more than one IPv4 address; a NIC has one`)
  return problems
}
