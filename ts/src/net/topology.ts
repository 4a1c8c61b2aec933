// A topology: guests, the NICs they have, and the links between those NICs.
// Validated once here; a bad topology is refused before any guest boots.
import * as z from 'zod'
import { archNames } from '../arch/index.js'
import { UsageError } from '../errors.js'
import { planGuest, type GuestPlan } from '../run/guest-plan.js'
import { MemorySize } from '../vm/memory-size.js'
import type { UserCode } from '../usercode/spec.js'
import { Impairment } from './impairment.js'
import { isCidr, MAX_NICS, Name, nicProblems, NicsSpec } from './nic.js'

const Arch = z.string().refine((arch) => archNames().includes(arch), { message: `an arch: ${archNames().join(', ')}` })
const Endpoint = z.string().regex(/^[a-z][a-z0-9-]*\.[a-z][a-z0-9-]*$/, "a link end is 'node.nic'")

// What one guest can be given; more CPUs than this only slow TCG down.
const MAX_CPUS = 8

const NodeSpec = z.strictObject({
  command: z.array(z.string()).min(1),
  /** NIC name → its addresses, or { addresses, model }. */
  nics: NicsSpec.default({}),
  /** Nodes that must be ready before this one starts. */
  after: z.array(Name).default([]),
  /** The command runs vmgate-ready when it is ready (a server listening, say). */
  readyByCommand: z.boolean().default(false),
  timeoutS: z.number().positive().default(60),
  /** A service (a server, a sink) is stopped, as a pass, once every other node is done. */
  service: z.boolean().default(false),
  /** This node's kernel and root, when not the topology's. */
  kernel: z.string().optional(),
  /** This node's arch: its kernel's; with no kernel named, its machine's kernel of this arch. */
  arch: Arch.optional(),
  root: z.string().optional(),
  /** The machine (microvm, q35); absent, it follows from what the node asks for. */
  machine: z.string().optional(),
  cpus: z.number().int().min(1).max(MAX_CPUS).optional(),
  /** Guest RAM: MiB, or '512M', '2G'. */
  memory: MemorySize.optional(),
  /** The machine's vIOMMU: true, or its name ('intel-iommu'). */
  iommu: z.union([z.boolean(), z.string()]).default(false),
  /** Back guest RAM with host hugepages (the host must have them free). */
  hostHugepages: z.boolean().default(false),
  /** Hugepages the guest kernel reserves at boot (hugepages=N); the kernel needs hugetlbfs. */
  guestHugepages: z.number().int().min(0).default(0),
  /** The user's files, shares, modules or kernel image, already checked where they came from (usercode/spec.ts). */
  code: z.custom<UserCode>((value) => typeof value === 'object' && value !== null).optional(),
})

const LinkSpec = z.strictObject({
  a: Endpoint,
  b: Endpoint,
  /** direct: qemu to qemu, nothing in between; emulated: through a link process that can impair. */
  kind: z.enum(['direct', 'emulated']).default('direct'),
  impairment: Impairment.optional(),
  /** Keep `<link>.pcap` in the results; a bench turns it off, since every frame then costs a write. */
  capture: z.boolean().default(true),
  /** How scenario scripts and reports name the link; l0, l1, ... by default. */
  name: Name.optional(),
})

export const TopologySpec = z.strictObject({
  name: Name,
  /** The kernel (kernels/NAME.json) and root (roots/NAME.json) of nodes that name none; a node's machine picks its kernel when neither names one. */
  kernel: z.string().optional(),
  /** The arch of nodes that name none (else their kernel's, else x86_64). */
  arch: Arch.optional(),
  root: z.string().default('testroot'),
  nodes: z.record(Name, NodeSpec),
  links: z.array(LinkSpec).default([]),
})

export type TopologyInput = z.input<typeof TopologySpec>
export type Topology = z.output<typeof TopologySpec>
export type NodeSpec = z.output<typeof NodeSpec>
export type LinkSpec = z.output<typeof LinkSpec>

export function linkName(link: LinkSpec, index: number): string {
  return link.name ?? `l${index}`
}

export function parseTopology(input: unknown): Topology {
  const parsed = TopologySpec.safeParse(input)
  if (!parsed.success) throw new UsageError(`topology: ${z.prettifyError(parsed.error)}`)
  const topology = parsed.data
  const problems = [
    ...(Object.keys(topology.nodes).length === 0 ? ['a topology needs at least one node'] : []),
    ...linkProblems(topology),
    ...addressProblems(topology),
    ...orderProblems(topology),
    ...machineProblems(topology),
  ]
  if (problems.length > 0) throw new UsageError(`topology '${topology.name}':\n  ${problems.join('\n  ')}`)
  return topology
}

function linkProblems(topology: Topology): string[] {
  const problems: string[] = []
  const used = new Set<string>()
  const names = new Set<string>()
  for (const [index, link] of topology.links.entries()) {
    const impaired = link.impairment && Object.values(link.impairment).some((value) => value !== 0)
    if (impaired && link.kind === 'direct')
      problems.push(`links[${index}]: a direct link cannot be impaired; use kind 'emulated'`)
    if (names.has(linkName(link, index)))
      problems.push(`links[${index}]: link name '${linkName(link, index)}' is taken`)
    names.add(linkName(link, index))
    for (const end of [link.a, link.b]) {
      const [node, nic] = end.split('.')
      if (!topology.nodes[node]) problems.push(`links[${index}]: unknown node '${node}' in '${end}'`)
      else if (!topology.nodes[node].nics[nic]) problems.push(`links[${index}]: node '${node}' has no NIC '${nic}'`)
      else if (used.has(end)) problems.push(`links[${index}]: '${end}' is already linked; a NIC has one link`)
      used.add(end)
    }
  }
  return problems
}

function addressProblems(topology: Topology): string[] {
  const problems: string[] = []
  const seen = new Map<string, string>()
  for (const [node, spec] of Object.entries(topology.nodes)) {
    if (Object.keys(spec.nics).length > MAX_NICS)
      problems.push(`${node}: ${Object.keys(spec.nics).length} NICs; a guest has at most ${MAX_NICS}`)
    for (const [nic, nicSpec] of Object.entries(spec.nics)) {
      const where = `${node}.${nic}`
      problems.push(...nicProblems(where, nicSpec))
      for (const ip of nicSpec.addresses.filter(isCidr).map((cidr) => cidr.split('/')[0])) {
        if (seen.has(ip)) problems.push(`${where}: address ${ip} is also on ${seen.get(ip)}`)
        seen.set(ip, where)
      }
    }
  }
  return problems
}

/** A node's arch, machine and kernel: the machine follows from its NIC models and vIOMMU when it names none. */
export function nodePlan(topology: Topology, name: string): GuestPlan {
  const spec = topology.nodes[name]
  // A node's own arch overrides the topology's kernel, not only its arch.
  const kernel = spec.kernel ?? (spec.arch === undefined ? topology.kernel : undefined)
  const ask = {
    kernel,
    arch: spec.arch ?? topology.arch,
    machine: spec.machine,
    iommu: spec.iommu,
    hostHugepages: spec.hostHugepages,
  }
  return planGuest({ ...ask, nicModels: Object.values(spec.nics).map((nic) => nic.model) }, `node '${name}'`)
}

function machineProblems(topology: Topology): string[] {
  return Object.keys(topology.nodes).flatMap((name) => {
    try {
      nodePlan(topology, name)
      return []
    } catch (error) {
      if (error instanceof UsageError) return [error.message]
      throw error
    }
  })
}

function orderProblems(topology: Topology): string[] {
  const problems: string[] = []
  for (const [node, spec] of Object.entries(topology.nodes)) {
    for (const dep of spec.after) if (!topology.nodes[dep]) problems.push(`${node}.after: unknown node '${dep}'`)
  }
  const visiting = new Set<string>()
  const done = new Set<string>()
  const visit = (node: string, path: string[]): void => {
    if (done.has(node) || !topology.nodes[node]) return
    if (visiting.has(node)) return void problems.push(`start order has a cycle: ${[...path, node].join(' → ')}`)
    visiting.add(node)
    for (const dep of topology.nodes[node].after) visit(dep, [...path, node])
    visiting.delete(node)
    done.add(node)
  }
  for (const node of Object.keys(topology.nodes)) visit(node, [])
  return problems
}
