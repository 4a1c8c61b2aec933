import t from 'tap'
import { chooseAccel, kvmDeviceUsable } from '../../src/vm/accel.js'
import { tempDir } from '../helpers/temp.js'

t.test('tcg is taken as asked, without probing', async (t) => {
  const choice = await chooseAccel('tcg', { identity: 'x', run: async () => t.fail('no probe') as never }, '/nonexistent')
  t.same(choice, { accel: 'tcg', why: 'requested' })
})

t.test('auto probes once, caches the answer and falls back to tcg when KVM hangs', { skip: !kvmDeviceUsable() && 'no /dev/kvm here' }, async (t) => {
  const dir = await tempDir(t, 'vmgate-accel-')
  let probes = 0
  const hangs = { identity: 'boot-1', run: async () => (probes++, false) }
  t.match(await chooseAccel('auto', hangs, dir), { accel: 'tcg', why: /probe: .*did not boot/ })
  t.match(await chooseAccel('auto', hangs, dir), { accel: 'tcg', why: /cached probe/ })
  t.equal(probes, 1)
  t.match(await chooseAccel('auto', { identity: 'boot-2', run: async () => true }, dir), { accel: 'kvm' })
})
