// Which arch, machine and kernel a guest boots, from what it asks for: a named
// kernel sets the arch; the machine is the one named or the arch's first that
// carries every NIC model and the vIOMMU asked for; a guest that names no
// kernel boots its machine's kernel.
import {
  DEFAULT_ARCH,
  lowering,
  pickMachine,
  type ArchLowering,
  type MachineLowering,
  type MachineNeeds,
} from '../arch/index.js'
import { loadKernel } from '../kernel/spec.js'

export interface GuestAsk extends MachineNeeds {
  kernel?: string
}

export interface GuestPlan {
  arch: ArchLowering
  machine: MachineLowering
  kernel: string
}

/** `where` names the node or flag for a usage error. */
export function planGuest(ask: GuestAsk, where: string): GuestPlan {
  const arch = lowering(ask.kernel ? loadKernel(ask.kernel).arch : DEFAULT_ARCH)
  const machine = pickMachine(arch, ask, where)
  return { arch, machine, kernel: ask.kernel ?? machine.kernel }
}
