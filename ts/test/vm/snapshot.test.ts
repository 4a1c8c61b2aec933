// The snapshot plan against a real store: what a shape's key holds and leaves out.
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import t, { type Test } from 'tap'
import { lowering } from '../../src/arch/index.js'
import { Store } from '../../src/store/store.js'
import { shapeArgv, Snapshots, type ShapeSpec } from '../../src/vm/snapshot.js'
import { tempDir } from '../helpers/temp.js'

async function setup(t: Test) {
  const dir = await tempDir(t, 'vmgate-snapshot-')
  const store = new Store(join(dir, 'store'))
  const [kernel, initrd, qemu] = ['kernel', 'initrd', 'qemu'].map((name) => join(dir, name))
  for (const file of [kernel, initrd, qemu]) await writeFile(file, file)
  const arch = lowering('x86_64')
  const spec: ShapeSpec = {
    arch,
    machine: arch.machines[0],
    accel: 'tcg',
    kernel,
    initrd,
    memoryMb: 256,
    cpus: 1,
    kernelParams: [],
    console: 'pipe',
  }
  return { store, spec, qemu, snapshots: new Snapshots(store) }
}

t.test(
  'a shape with no snapshot boots cold and saves; once saved it restores; changed kernel bytes do not',
  async (t) => {
    const { store, spec, qemu, snapshots } = await setup(t)
    const first = await snapshots.plan(spec, qemu)
    if (first.mode !== 'cold' || !first.inputs)
      return t.fail(`expected a cold boot that saves: ${JSON.stringify(first)}`)
    await store.ensure('snapshot', first.inputs, async (dir) => writeFile(join(dir, 'state'), 'saved'))
    t.equal((await snapshots.plan(spec, qemu)).mode, 'restore')
    t.equal((await snapshots.plan({ ...spec, memoryMb: 512 }, qemu)).mode, 'cold', 'another memory size')
    await new Promise((r) => setTimeout(r, 20)) // a new mtime, so the fingerprint is taken again
    await writeFile(spec.kernel, 'another kernel')
    t.equal((await snapshots.plan(spec, qemu)).mode, 'cold', 'the kernel changed')
  },
)

t.test('a refusal boots cold and saves nothing', async (t) => {
  const { spec, qemu, snapshots } = await setup(t)
  t.same(await snapshots.plan(spec, qemu, 'a shell boots cold'), { mode: 'cold', why: 'a shell boots cold' })
})

t.test('the shape leaves out per-run paths but keeps the MACs and NIC models', async (t) => {
  const { spec } = await setup(t)
  const nic = (netdev: string, mac = '52:54:00:00:00:01') => ({ mac, netdev, pcap: `/tmp/${netdev}.pcap` })
  const a = shapeArgv({ ...spec, nics: [nic('dgram,local.type=unix,local.path=/tmp/run1/a')] })
  const b = shapeArgv({ ...spec, nics: [nic('stream,addr.type=unix,addr.path=/tmp/run2/b')] })
  t.same(a, b)
  t.notOk(a.join(' ').includes('/tmp/run1'))
  t.notSame(a, shapeArgv({ ...spec, nics: [nic('x', '52:54:00:00:00:02')] }), 'a MAC is part of the shape')
  const tap = (name: string) => shapeArgv({ ...spec, nics: [nic(`tap,ifname=${name},script=no,downscript=no`)] })
  t.same(tap('vmgx1a'), tap('vmgx2a'), "a tap's name is per run")
  t.notSame(a, tap('vmgx1a'), 'a tap is not a socket: it offers offloads the guest negotiates')
  const share = (path: string) => ['-fsdev', `local,id=s,path=${path},security_model=none`]
  t.same(shapeArgv({ ...spec, devices: share('/home/a') }), shapeArgv({ ...spec, devices: share('/home/b') }))
})
