// Which arch, machine and kernel a guest boots, from what it asks for: a named
// kernel sets the arch (and must be of the arch asked for, if one is); the
// machine is the one named or the arch's first that carries every NIC model
// and the vIOMMU asked for; a guest that names no kernel boots its machine's kernel.
import {
  DEFAULT_ARCH,
  lowering,
  pickMachine,
  type ArchLowering,
  type MachineLowering,
  type MachineNeeds,
} from '../arch/index.js'
import { UsageError } from '../errors.js'
import { loadKernel } from '../kernel/spec.js'

export interface GuestAsk extends MachineNeeds {
  kernel?: string
  arch?: string
}

export interface GuestPlan {
  arch: ArchLowering
  machine: MachineLowering
  kernel: string
}

/** `where` names the node or flag for a usage error. */
export function planGuest(ask: GuestAsk, where: string): GuestPlan {
  const arch = guestArch(ask, where)
  const machine = pickMachine(arch, ask, where)
  return { arch, machine, kernel: ask.kernel ?? machine.kernel }
}

function guestArch(ask: GuestAsk, where: string): ArchLowering {
  const asked = ask.arch === undefined ? undefined : lowering(ask.arch)
  if (ask.kernel === undefined) return asked ?? lowering(DEFAULT_ARCH)
  const own = lowering(loadKernel(ask.kernel).arch)
  if (asked && asked !== own)
    throw new UsageError(
      `${where}: kernel '${ask.kernel}' is ${own.name}, not ${asked.name}; name no kernel to boot ${asked.name}'s (${asked.machines[0].kernel}), or an ${asked.name} kernel`,
    )
  return own
}
