// Coherence: every arch's lowering is whole. Each machine has every piece, each
// vIOMMU all of its own, and the kernel a machine boots by default exists for that arch.
import t from 'tap'
import { lowerings, NIC_MODELS } from '../../src/arch/index.js'
import { loadKernel } from '../../src/kernel/spec.js'

for (const arch of lowerings()) {
  t.test(`${arch.name}: the arch's own pieces`, async (t) => {
    t.ok(arch.kernelArch && arch.kernelImage, 'kernel build')
    t.ok(arch.tools.qemu && arch.tools.cc && arch.tools.busybox, 'tools')
    t.ok(
      arch.kernelParams.some((word) => word.startsWith('console=')),
      'a console',
    )
    t.ok(arch.cpuArgs('tcg').includes('-cpu') && arch.cpuArgs('kvm').includes('-cpu'), 'a CPU for each accel')
    t.ok(arch.machines.length > 0, 'at least one machine')
    t.ok(arch.hugepageKb > 0 && arch.hugepageKb % 4 === 0, 'a hugepage size')
    t.equal(new Set(arch.machines.map((m) => m.name)).size, arch.machines.length, 'machine names are distinct')
  })

  for (const machine of arch.machines) {
    t.test(`${arch.name} ${machine.name}: whole`, async (t) => {
      // qemu names virtio devices by transport: virtio-X-device on mmio, virtio-X-pci on PCI.
      const suffix = machine.transport === 'mmio' ? '-device' : '-pci'
      t.ok(
        machine.devices.rng.endsWith(suffix) && machine.devices.serialBus.endsWith(suffix),
        `rng and serial bus on ${machine.transport}`,
      )
      t.ok(machine.nics.virtio?.device.endsWith(suffix), 'virtio-net on the same transport: every machine has it')
      for (const model of NIC_MODELS) {
        const nic = machine.nics[model]
        if (nic) t.ok(nic.device && /^[a-z0-9_]+$/.test(nic.driver), `${model}: a device and a sysfs driver name`)
      }
      if (machine.transport === 'mmio')
        t.same(Object.keys(machine.nics), ['virtio'], 'no PCI NIC on a machine without PCI')
      if (machine.iommu) {
        const { name, machineOptions, devices, kernelParams } = machine.iommu
        t.ok(name, 'the vIOMMU has a name')
        t.ok(machineOptions.length + devices.length > 0, 'and something qemu is told')
        t.ok(Array.isArray(kernelParams), 'and its guest words, perhaps none')
        t.equal(machine.transport, 'pci', 'a vIOMMU translates for PCI devices')
      }
      t.equal(
        loadKernel(machine.kernel).arch,
        arch.name,
        `its default kernel ${machine.kernel} is an ${arch.name} kernel`,
      )
    })
  }
}
