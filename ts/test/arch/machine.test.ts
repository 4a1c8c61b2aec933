import t from 'tap'
import { lowering, pickMachine } from '../../src/arch/index.js'

const x86 = lowering('x86_64')

t.test("nothing asked for: the arch's first machine, microvm", async (t) => {
  t.equal(pickMachine(x86, {}, 'node a').name, 'microvm')
  t.equal(pickMachine(x86, { nicModels: ['virtio'] }, 'node a').name, 'microvm')
})

t.test('the machine follows from a PCI-only NIC model or a vIOMMU', async (t) => {
  t.equal(pickMachine(x86, { nicModels: ['virtio', 'e1000'] }, 'node a').name, 'q35')
  t.equal(pickMachine(x86, { nicModels: ['e1000e'] }, 'node a').name, 'q35')
  t.equal(pickMachine(x86, { iommu: true }, 'node a').name, 'q35')
  t.equal(pickMachine(x86, { iommu: 'intel-iommu' }, 'node a').name, 'q35')
})

t.test('a named machine that carries it all is taken as named', async (t) => {
  t.equal(pickMachine(x86, { machine: 'q35' }, 'node a').name, 'q35')
  t.equal(pickMachine(x86, { machine: 'microvm', hostHugepages: true }, 'node a').name, 'microvm')
})

t.test('e1000 on microvm is a usage error naming the machine that has it', async (t) => {
  t.throws(() => pickMachine(x86, { machine: 'microvm', nicModels: ['e1000'] }, "node 'a'"), {
    name: 'UsageError',
    message:
      "node 'a': x86_64 microvm has no NIC model 'e1000'; use machine 'q35', or name no machine and it follows from what the node asks for",
  })
  t.throws(() => pickMachine(x86, { machine: 'microvm', iommu: true }, "node 'a'"), {
    name: 'UsageError',
    message: /microvm has no vIOMMU; use machine 'q35'/,
  })
})

t.test('SMMUv3 on x86 is a usage error saying what x86 machines carry', async (t) => {
  t.throws(() => pickMachine(x86, { iommu: 'smmuv3' }, "node 'a'"), {
    name: 'UsageError',
    message:
      /^node 'a': no x86_64 machine has vIOMMU 'smmuv3'; x86_64 machines carry: microvm: NICs virtio; q35: NICs virtio, e1000, e1000e, vIOMMU 'intel-iommu' \(ask for iommu: true to get the machine's own\)$/,
  })
  t.throws(() => pickMachine(x86, { machine: 'q35', iommu: 'smmuv3' }, "node 'a'"), {
    name: 'UsageError',
    message: /q35 has no vIOMMU 'smmuv3'; x86_64 machines carry/,
  })
})

t.test("an unknown machine is a usage error listing the arch's machines", async (t) => {
  t.throws(() => pickMachine(x86, { machine: 'virt' }, '--machine'), {
    name: 'UsageError',
    message: "--machine: unknown machine 'virt' for x86_64; known: microvm, q35",
  })
})

const arm = lowering('aarch64')

t.test('aarch64: virt unless a PCI NIC model or the vIOMMU is asked for, then virt-pci', async (t) => {
  t.equal(pickMachine(arm, { nicModels: ['virtio'] }, 'node a').name, 'virt')
  t.equal(pickMachine(arm, { nicModels: ['e1000'] }, 'node a').name, 'virt-pci')
  t.equal(pickMachine(arm, { iommu: true }, 'node a').name, 'virt-pci')
  t.equal(pickMachine(arm, { iommu: 'smmuv3' }, 'node a').name, 'virt-pci')
  t.equal(pickMachine(arm, { machine: 'virt-pci', nicModels: ['virtio'] }, 'node a').name, 'virt-pci')
})

t.test('intel-iommu on aarch64 and e1000 on virt are usage errors with the fix', async (t) => {
  t.throws(() => pickMachine(arm, { iommu: 'intel-iommu' }, "node 'a'"), {
    name: 'UsageError',
    message:
      /^node 'a': no aarch64 machine has vIOMMU 'intel-iommu'; .*virt-pci: NICs virtio, e1000, e1000e, vIOMMU 'smmuv3'/,
  })
  t.throws(() => pickMachine(arm, { machine: 'virt', nicModels: ['e1000'] }, "node 'a'"), {
    name: 'UsageError',
    message:
      "node 'a': aarch64 virt has no NIC model 'e1000'; use machine 'virt-pci', or name no machine and it follows from what the node asks for",
  })
})
