import t from 'tap'
import { lowering, lowerings, NIC_MODELS, type MachineLowering } from '../../src/arch/index.js'
import { qemuArgs, type MachineSpec } from '../../src/vm/qemu-args.js'

const x86 = lowering('x86_64')
const machine = (name: string): MachineLowering => x86.machines.find((m) => m.name === name)!

const spec: MachineSpec = {
  arch: x86,
  machine: machine('microvm'),
  accel: 'tcg',
  kernel: '/k',
  initrd: '/i',
  memoryMb: 256,
  cpus: 1,
  kernelParams: ['vmgate.nonce=ab'],
  channelSocket: '/tmp/x/channel.sock',
  console: 'pipe',
}

function flag(argv: string[], name: string): string[] {
  return argv.flatMap((arg, i) => (arg === name ? [argv[i + 1]] : []))
}

const NIC = { mac: '52:54:00:00:00:01', netdev: 'dgram,local.type=unix,local.path=/a,remote.type=unix,remote.path=/b' }

t.test('x86_64 lowers to microvm with virtio-mmio devices and the verdict port', async (t) => {
  const argv = qemuArgs(spec)
  t.same(flag(argv, '-M'), ['microvm,acpi=off'])
  t.same(flag(argv, '-accel'), ['tcg'])
  t.ok(argv.includes('-no-reboot'), 'a reboot ends qemu')
  t.same(flag(argv, '-device'), [
    'virtio-rng-device',
    'virtio-serial-device',
    'virtserialport,chardev=vmgate0,name=vmgate.0',
  ])
  t.same(flag(argv, '-chardev'), ['socket,id=vmgate0,path=/tmp/x/channel.sock'])
  t.same(flag(argv, '-serial'), ['stdio'])
})

t.test('q35 gets the PCI devices and plain -M q35', async (t) => {
  const argv = qemuArgs({ ...spec, machine: machine('q35'), nics: [{ ...NIC, model: 'e1000e' }] })
  t.same(flag(argv, '-M'), ['q35'])
  t.same(flag(argv, '-device'), [
    'virtio-rng-pci',
    'virtio-serial-pci',
    'virtserialport,chardev=vmgate0,name=vmgate.0',
    'e1000e,netdev=nic0,mac=52:54:00:00:00:01',
  ])
})

t.test('the kernel command line has the machine words, then the guest params', async (t) => {
  const [append] = flag(qemuArgs(spec), '-append')
  t.match(append, /^console=ttyS0 reboot=t panic=-1 no_timer_check .*vmgate\.nonce=ab$/)
})

t.test('kvm gets the host cpu; interactive gets the monitor on stdio', async (t) => {
  const argv = qemuArgs({ ...spec, accel: 'kvm', console: 'interactive' })
  t.same(flag(argv, '-cpu'), ['host'])
  t.same(flag(argv, '-serial'), ['mon:stdio'])
})

t.test('cpus and memory reach -smp and -m', async (t) => {
  const argv = qemuArgs({ ...spec, cpus: 2, memoryMb: 512 })
  t.same(flag(argv, '-smp'), ['2'])
  t.same(flag(argv, '-m'), ['512'])
})

t.test('an unknown arch is a usage error naming the known ones', async (t) => {
  t.throws(() => lowering('sparc'), { name: 'UsageError', message: /unknown arch 'sparc'; known: x86_64/ })
})

t.test('every arch × machine × NIC model it carries lowers to its device; a model it lacks throws', async (t) => {
  for (const arch of lowerings()) {
    for (const m of arch.machines) {
      for (const model of NIC_MODELS) {
        const build = () => qemuArgs({ ...spec, arch, machine: m, nics: [{ ...NIC, model }] })
        const nic = m.nics[model]
        if (!nic) {
          t.throws(build, { message: new RegExp(`no NIC model '${model}'`) }, `${arch.name} ${m.name} ${model}: absent`)
          continue
        }
        const argv = build()
        t.ok(
          flag(argv, '-device').includes(`${nic.device},netdev=nic0,mac=${NIC.mac}`),
          `${arch.name} ${m.name} ${model}: ${nic.device}`,
        )
        t.equal(flag(argv, '-M')[0].split(',')[0], m.type ?? m.name, `${arch.name} ${m.name}: -M`)
        t.ok(flag(argv, '-device').includes(m.devices.serialBus), `${arch.name} ${m.name}: its serial bus`)
      }
    }
  }
})

t.test('a NIC with no model is virtio', async (t) => {
  t.ok(
    flag(qemuArgs({ ...spec, nics: [NIC] }), '-device').includes('virtio-net-device,netdev=nic0,mac=52:54:00:00:00:01'),
  )
  t.ok(
    flag(qemuArgs({ ...spec, machine: machine('q35'), nics: [NIC] }), '-device').includes(
      'virtio-net-pci,netdev=nic0,mac=52:54:00:00:00:01',
    ),
  )
})

t.test(
  'the q35 vIOMMU brings all its pieces: split irqchip, the device before every other, the guest words',
  async (t) => {
    const argv = qemuArgs({ ...spec, machine: machine('q35'), iommu: true, nics: [{ ...NIC, model: 'e1000' }] })
    t.same(flag(argv, '-M'), ['q35,kernel-irqchip=split'])
    t.equal(flag(argv, '-device')[0], 'intel-iommu,intremap=on')
    t.match(flag(argv, '-append')[0], /panic=-1 no_timer_check intel_iommu=on iommu=pt /)
    const without = qemuArgs({ ...spec, machine: machine('q35') })
    t.notMatch(without.join(' '), /intel|irqchip/, 'and none of them without it')
  },
)

t.test('a vIOMMU on a machine without one is refused, not half-lowered', async (t) => {
  t.throws(() => qemuArgs({ ...spec, iommu: true }), { message: /microvm has no vIOMMU lowering/ })
})

t.test('host hugepages back RAM with a hugetlb memfd the machine uses', async (t) => {
  for (const m of x86.machines) {
    const argv = qemuArgs({ ...spec, machine: m, memoryMb: 512, hostHugepages: true })
    t.same(flag(argv, '-object'), ['memory-backend-memfd,id=ram,size=512M,hugetlb=on,hugetlbsize=2048K'], m.name)
    t.match(flag(argv, '-M')[0], /,memory-backend=ram$/, m.name)
  }
  t.same(flag(qemuArgs(spec), '-object'), [], 'none without')
})

t.test('guest hugepages are a kernel word', async (t) => {
  t.match(flag(qemuArgs({ ...spec, guestHugepages: 8 }), '-append')[0], / hugepages=8 /)
  t.notMatch(flag(qemuArgs(spec), '-append')[0], /hugepages/)
})

t.test('NICs become a netdev and a device each, with their MAC', async (t) => {
  const argv = qemuArgs({ ...spec, nics: [NIC] })
  t.same(flag(argv, '-netdev'), ['dgram,local.type=unix,local.path=/a,remote.type=unix,remote.path=/b,id=nic0'])
})

t.test('a NIC with a pcap gets a filter-dump on its netdev; commas in the path are doubled', async (t) => {
  const argv = qemuArgs({
    ...spec,
    nics: [
      {
        mac: '52:54:00:00:00:01',
        netdev: 'dgram,local.type=unix,local.path=/s/a',
        pcap: '/r/tcp[link=direct,impairment=none]/l0.pcap',
      },
      { mac: '52:54:00:00:00:02', netdev: 'dgram' },
    ],
  })
  t.same(flag(argv, '-object'), ['filter-dump,id=dump0,netdev=nic0,file=/r/tcp[link=direct,,impairment=none]/l0.pcap'])
})
