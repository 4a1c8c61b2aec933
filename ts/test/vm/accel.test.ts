import t from 'tap'
import { utimes, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { chooseAccel, kvmDeviceUsable, probeIdentity } from '../../src/vm/accel.js'
import { tempDir } from '../helpers/temp.js'

t.test('tcg is taken as asked, without probing', async (t) => {
  const choice = await chooseAccel(
    'tcg',
    { identity: 'x', run: async () => t.fail('no probe') as never },
    '/nonexistent',
  )
  t.same(choice, { accel: 'tcg', why: 'requested' })
})

t.test(
  'auto probes once, caches the answer and falls back to tcg when KVM hangs',
  { skip: !kvmDeviceUsable() && 'no /dev/kvm here' },
  async (t) => {
    const dir = await tempDir(t, 'vmgate-accel-')
    let probes = 0
    const hangs = { identity: 'boot-1', run: async () => (probes++, false) }
    t.match(await chooseAccel('auto', hangs, dir), { accel: 'tcg', why: /probe: .*did not boot/ })
    t.match(await chooseAccel('auto', hangs, dir), { accel: 'tcg', why: /cached probe/ })
    t.equal(probes, 1)
    t.match(await chooseAccel('auto', { identity: 'boot-2', run: async () => true }, dir), { accel: 'kvm' })
  },
)

t.test("the probe's identity changes with the qemu binary, not only the host boot and guest", async (t) => {
  const dir = await tempDir(t, 'vmgate-accel-')
  const qemu = join(dir, 'qemu-system-x86_64')
  await writeFile(qemu, 'qemu 8.2')
  const first = probeIdentity(qemu, ['kernel-k', 'root-r'], 'boot-1')
  t.equal(probeIdentity(qemu, ['kernel-k', 'root-r'], 'boot-1'), first, 'stable while nothing changes')
  t.match(first, /^boot-1:.*qemu-system-x86_64.*:kernel-k:root-r$/)
  await writeFile(qemu, 'qemu 9.0.1')
  const upgraded = probeIdentity(qemu, ['kernel-k', 'root-r'], 'boot-1')
  t.not(upgraded, first, 'a new binary (size) is a new identity')
  await utimes(qemu, new Date(0), new Date(0))
  t.not(probeIdentity(qemu, ['kernel-k', 'root-r'], 'boot-1'), upgraded, 'so is a new mtime')
})
