import t from 'tap'
import { lowering } from '../../src/arch/index.js'
import { crossPrefix, kbuildVars } from '../../src/kernel/kbuild-vars.js'

t.test('a <triple>-gcc gives kbuild its cross prefix; a native gcc none', async (t) => {
  t.equal(crossPrefix('/usr/bin/aarch64-linux-gnu-gcc'), '/usr/bin/aarch64-linux-gnu-')
  t.equal(crossPrefix('/usr/bin/gcc'), undefined)
})

t.test('a cross build names the arch, the prefix, the guest compiler and the host one', async (t) => {
  t.same(kbuildVars(lowering('aarch64'), { cc: '/usr/bin/aarch64-linux-gnu-gcc', hostCc: '/usr/bin/gcc' }), [
    'ARCH=arm64',
    'CROSS_COMPILE=/usr/bin/aarch64-linux-gnu-',
    'CC=/usr/bin/aarch64-linux-gnu-gcc',
    'HOSTCC=/usr/bin/gcc',
  ])
  t.same(kbuildVars(lowering('x86_64'), { cc: '/usr/bin/gcc', hostCc: '/usr/bin/gcc' }), [
    'ARCH=x86_64',
    'CC=/usr/bin/gcc',
    'HOSTCC=/usr/bin/gcc',
  ])
})
