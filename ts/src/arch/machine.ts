// Which machine a node boots: the one it names, or the first of its arch that
// carries everything it asks for. A machine that can't is a usage error that
// names a machine that can, or says that none of the arch's machines does.
import { UsageError } from '../errors.js'
import type { ArchLowering, MachineLowering, NicLowering, NicModel } from './types.js'

export interface MachineNeeds {
  /** The machine the node names; absent: it follows from the rest. */
  machine?: string
  nicModels?: NicModel[]
  /** true: the machine's own vIOMMU; a name: that vIOMMU. */
  iommu?: boolean | string
  hostHugepages?: boolean
}

/** `where` names the node or flag, for the error. */
export function pickMachine(arch: ArchLowering, needs: MachineNeeds, where: string): MachineLowering {
  const fitting = arch.machines.filter((machine) => lacks(machine, needs).length === 0)
  if (needs.machine === undefined) {
    if (fitting[0]) return fitting[0]
    throw new UsageError(
      `${where}: no ${arch.name} machine has ${lacks(arch.machines[0], needs).join(' and ')}; ${offers(arch, needs)}`,
    )
  }
  const named = arch.machines.find((machine) => machine.name === needs.machine)
  if (!named)
    throw new UsageError(
      `${where}: unknown machine '${needs.machine}' for ${arch.name}; known: ${arch.machines.map((m) => m.name).join(', ')}`,
    )
  const missing = lacks(named, needs)
  if (missing.length === 0) return named
  const fix = fitting[0]
    ? `use machine '${fitting[0].name}', or name no machine and it follows from what the node asks for`
    : offers(arch, needs)
  throw new UsageError(`${where}: ${arch.name} ${named.name} has no ${missing.join(' and ')}; ${fix}`)
}

function lacks(machine: MachineLowering, needs: MachineNeeds): string[] {
  const missing = [...new Set(needs.nicModels ?? [])]
    .filter((model) => !machine.nics[model])
    .map((model) => `NIC model '${model}'`)
  if (needs.iommu && !(machine.iommu && (needs.iommu === true || machine.iommu.name === needs.iommu)))
    missing.push(needs.iommu === true ? 'vIOMMU' : `vIOMMU '${needs.iommu}'`)
  if (needs.hostHugepages && !machine.hostHugepages) missing.push('host hugepage backing')
  return missing
}

/** What the arch's machines do carry, for an ask none of them meets. */
function offers(arch: ArchLowering, needs: MachineNeeds): string {
  const parts = arch.machines.map(
    (m) => `${m.name}: NICs ${Object.keys(m.nics).join(', ')}${m.iommu ? `, vIOMMU '${m.iommu.name}'` : ''}`,
  )
  const iommuHint = typeof needs.iommu === 'string' ? " (ask for iommu: true to get the machine's own)" : ''
  return `${arch.name} machines carry: ${parts.join('; ')}${iommuHint}`
}

/** A NIC model on a machine; pickMachine has already refused a model the machine lacks. */
export function nicLowering(machine: MachineLowering, model: NicModel): NicLowering {
  const nic = machine.nics[model]
  if (!nic) throw new Error(`${machine.name} has no NIC model '${model}' (pickMachine should have refused it)`)
  return nic
}
