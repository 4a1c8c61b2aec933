import t from 'tap'
import { lookup, tool } from '../../src/toolchain/resolve.js'
import { toolSpec } from '../../src/toolchain/tools.js'
import { missingPackages } from '../../src/toolchain/doctor.js'

const qemu = toolSpec('qemu-x86_64')

t.test('the env var wins over the Debian path', async (t) => {
  t.same(lookup(qemu, { VMGATE_QEMU_X86_64: '/bin/sh' }), { spec: qemu, path: '/bin/sh', source: 'env' })
})

t.test('an env var naming a missing file is a usage error naming the variable', async (t) => {
  t.throws(() => lookup(qemu, { VMGATE_QEMU_X86_64: '/no/such/qemu' }), { name: 'UsageError', message: /VMGATE_QEMU_X86_64=\/no\/such\/qemu: no such file/ })
})

t.test('a missing tool says how to install it', async (t) => {
  const spec = { ...qemu, debianPath: '/no/such/path' }
  const found = lookup(spec, {})
  t.match(found, { missing: /apt-get install -y qemu-system-x86 .*VMGATE_QEMU_X86_64/ })
  t.same(missingPackages([{ name: 'qemu-x86_64', neededFor: 'core', status: 'missing' }, { name: 'make', neededFor: 'kernel', status: 'found' }]), ['qemu-system-x86'])
})

t.test('tool() throws an infra error for what is missing', async (t) => {
  t.throws(() => tool('no-such-tool'), /no tool named no-such-tool/)
})
