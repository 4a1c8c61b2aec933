import t from 'tap'
import { chooseKernel } from '../../src/kernel/spec.js'

t.test("no kernel named: the arch's default, x86_64's without an arch", async (t) => {
  t.equal(chooseKernel(undefined, undefined), 'microvm')
  t.equal(chooseKernel(undefined, 'aarch64'), 'virt-aarch64')
})

t.test('a named kernel of the arch asked for is kept; of another arch it is a usage error with the fix', async (t) => {
  t.equal(chooseKernel('microvm-wg', 'x86_64'), 'microvm-wg')
  t.equal(chooseKernel('virt-aarch64', undefined), 'virt-aarch64')
  t.throws(() => chooseKernel('microvm', 'aarch64'), { name: 'UsageError', message: /kernel 'microvm' is x86_64, not aarch64; drop --kernel to boot aarch64's default \(virt-aarch64\)/ })
  t.throws(() => chooseKernel(undefined, 'sparc'), { name: 'UsageError', message: /unknown arch 'sparc'/ })
})
