import t from 'tap'
import { lowering } from '../../src/arch/index.js'
import { qemuArgs, type MachineSpec } from '../../src/vm/qemu-args.js'

const spec: MachineSpec = {
  arch: lowering('x86_64'), machine: lowering('x86_64').machines[0], accel: 'tcg', kernel: '/k', initrd: '/i', memoryMb: 256, cpus: 1,
  kernelParams: ['vmgate.nonce=ab'], channelSocket: '/tmp/x/channel.sock', console: 'pipe',
}

function flag(argv: string[], name: string): string[] {
  return argv.flatMap((arg, i) => (arg === name ? [argv[i + 1]] : []))
}

t.test('x86_64 lowers to microvm with virtio-mmio devices and the verdict port', async (t) => {
  const argv = qemuArgs(spec)
  t.same(flag(argv, '-M'), ['microvm,acpi=off'])
  t.same(flag(argv, '-accel'), ['tcg'])
  t.ok(argv.includes('-no-reboot'), 'a reboot ends qemu')
  t.same(flag(argv, '-device'), ['virtio-rng-device', 'virtio-serial-device', 'virtserialport,chardev=vmgate0,name=vmgate.0'])
  t.same(flag(argv, '-chardev'), ['socket,id=vmgate0,path=/tmp/x/channel.sock'])
  t.same(flag(argv, '-serial'), ['stdio'])
})

t.test('the kernel command line has the machine words, then the guest params', async (t) => {
  const [append] = flag(qemuArgs(spec), '-append')
  t.match(append, /^console=ttyS0 reboot=t panic=-1 .*vmgate\.nonce=ab$/)
})

t.test('kvm gets the host cpu; interactive gets the monitor on stdio', async (t) => {
  const argv = qemuArgs({ ...spec, accel: 'kvm', console: 'interactive' })
  t.same(flag(argv, '-cpu'), ['host'])
  t.same(flag(argv, '-serial'), ['mon:stdio'])
})

t.test('an unknown arch is a usage error naming the known ones', async (t) => {
  t.throws(() => lowering('sparc'), { name: 'UsageError', message: /unknown arch 'sparc'; known: x86_64/ })
})

t.test('NICs become a netdev and a virtio-net device each, with their MAC', async (t) => {
  const argv = qemuArgs({ ...spec, nics: [{ mac: '52:54:00:00:00:01', netdev: 'dgram,local.type=unix,local.path=/a,remote.type=unix,remote.path=/b' }] })
  t.same(flag(argv, '-netdev'), ['dgram,local.type=unix,local.path=/a,remote.type=unix,remote.path=/b,id=nic0'])
  t.ok(flag(argv, '-device').includes('virtio-net-device,netdev=nic0,mac=52:54:00:00:00:01'))
})

t.test('a NIC with a pcap gets a filter-dump on its netdev; commas in the path are doubled', async (t) => {
  const argv = qemuArgs({ ...spec, nics: [{ mac: '52:54:00:00:00:01', netdev: 'dgram,local.type=unix,local.path=/s/a', pcap: '/r/tcp[link=direct,impairment=none]/l0.pcap' }, { mac: '52:54:00:00:00:02', netdev: 'dgram' }] })
  t.same(flag(argv, '-object'), ['filter-dump,id=dump0,netdev=nic0,file=/r/tcp[link=direct,,impairment=none]/l0.pcap'])
})
