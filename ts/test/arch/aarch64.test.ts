import t from 'tap'
import { hostLowering, lowering } from '../../src/arch/index.js'
import { qemuArgs, type MachineSpec } from '../../src/vm/qemu-args.js'

const spec: MachineSpec = {
  arch: lowering('aarch64'),
  machine: lowering('aarch64').machines[0],
  accel: 'tcg',
  kernel: '/k',
  initrd: '/i',
  memoryMb: 256,
  cpus: 1,
  kernelParams: ['vmgate.nonce=ab'],
  channelSocket: '/tmp/x/channel.sock',
  console: 'pipe',
}

const flag = (argv: string[], name: string) => argv.flatMap((arg, i) => (arg === name ? [argv[i + 1]] : []))

t.test('aarch64 lowers to virt with GICv3, TCG max cpu and virtio-mmio devices', async (t) => {
  const argv = qemuArgs(spec)
  t.same(flag(argv, '-M'), ['virt,gic-version=3'])
  t.same(flag(argv, '-cpu'), ['max,pauth-impdef=on'])
  t.ok(argv.includes('-no-reboot'), 'a PSCI reset (reboot, panic) ends qemu')
  t.same(flag(argv, '-device'), [
    'virtio-rng-device',
    'virtio-serial-device',
    'virtserialport,chardev=vmgate0,name=vmgate.0',
  ])
  const nic = qemuArgs({ ...spec, nics: [{ mac: '52:54:00:00:00:01', netdev: 'dgram' }] })
  t.ok(flag(nic, '-device').includes('virtio-net-device,netdev=nic0,mac=52:54:00:00:00:01'))
})

t.test('virt-pci is qemu virt with PCI devices, its NIC models and SMMUv3, all of it or none', async (t) => {
  const virtPci = lowering('aarch64').machines.find((m) => m.name === 'virt-pci')!
  const nics = (['virtio', 'e1000', 'e1000e'] as const).map((model, i) => ({
    mac: `52:54:00:00:00:0${i + 1}`,
    netdev: 'dgram',
    model,
  }))
  const argv = qemuArgs({ ...spec, machine: virtPci, iommu: true, nics })
  t.same(flag(argv, '-M'), ['virt,gic-version=3,iommu=smmuv3'])
  t.match(flag(argv, '-device'), [
    'virtio-rng-pci',
    'virtio-serial-pci',
    'virtserialport,chardev=vmgate0,name=vmgate.0',
    'virtio-net-pci,netdev=nic0,mac=52:54:00:00:00:01',
    'e1000,netdev=nic1,mac=52:54:00:00:00:02',
    'e1000e,netdev=nic2,mac=52:54:00:00:00:03',
  ])
  t.match(flag(argv, '-append')[0], / iommu\.passthrough=1 /)
  const plain = qemuArgs({ ...spec, machine: virtPci })
  t.same(flag(plain, '-M'), ['virt,gic-version=3'], 'no vIOMMU asked: no SMMU')
  t.notMatch(flag(plain, '-append')[0], /iommu/)
})

t.test('the console is the PL011, and a panic restarts at once', async (t) => {
  const [append] = flag(qemuArgs(spec), '-append')
  t.match(append, /^console=ttyAMA0 panic=-1 .*vmgate\.nonce=ab$/)
})

t.test('kvm gets the host cpu', async (t) => {
  t.same(flag(qemuArgs({ ...spec, accel: 'kvm' }), '-cpu'), ['host'])
})

t.test('the build host maps from node names to lowering names', async (t) => {
  t.equal(hostLowering('x64').name, 'x86_64')
  t.equal(hostLowering('arm64').name, 'aarch64')
  t.throws(() => hostLowering('riscv64'), { name: 'UsageError', message: /unknown arch 'riscv64'/ })
})

t.test("every lowering's tools are in the toolchain table", async (t) => {
  const { lowerings } = await import('../../src/arch/index.js')
  const { toolSpec } = await import('../../src/toolchain/tools.js')
  for (const arch of lowerings())
    for (const tool of Object.values(arch.tools)) t.doesNotThrow(() => toolSpec(tool), `${arch.name}: ${tool}`)
})
