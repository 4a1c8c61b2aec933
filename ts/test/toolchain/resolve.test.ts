import t from 'tap'
import { lookup, tool } from '../../src/toolchain/resolve.js'
import { toolSpec } from '../../src/toolchain/tools.js'
import { missingPackages } from '../../src/toolchain/doctor.js'

const qemu = toolSpec('qemu-x86_64')

t.test('the env var wins over the Debian path', async (t) => {
  t.same(lookup(qemu, { VMGATE_QEMU_X86_64: '/bin/sh' }), { spec: qemu, path: '/bin/sh', source: 'env' })
})

t.test('an env var naming a missing file is a usage error naming the variable', async (t) => {
  t.throws(() => lookup(qemu, { VMGATE_QEMU_X86_64: '/no/such/qemu' }), {
    name: 'UsageError',
    message: /VMGATE_QEMU_X86_64=\/no\/such\/qemu: no such file/,
  })
})

t.test('a missing tool says how to install it', async (t) => {
  const spec = { ...qemu, debianPath: '/no/such/path' }
  const found = lookup(spec, {})
  t.match(found, { missing: /apt-get install -y qemu-system-x86 .*VMGATE_QEMU_X86_64/ })
  t.same(
    missingPackages([
      { name: 'qemu-x86_64', neededFor: 'core', status: 'missing' },
      { name: 'make', neededFor: 'kernel', status: 'found' },
    ]),
    ['qemu-system-x86'],
  )
})

t.test('tool() throws an infra error for what is missing', async (t) => {
  t.throws(() => tool('no-such-tool'), /no tool named no-such-tool/)
})

t.test("an unpacked tool is looked for in the store's debs/ dir, and its fix is a download", async (t) => {
  const busybox = toolSpec('busybox-aarch64')
  const store = t.testdir({ debs: { 'busybox-static_arm64': { bin: { busybox: 'elf' } } } })
  t.same(lookup(busybox, { VMGATE_STORE: store }), {
    spec: busybox,
    path: `${store}/debs/busybox-static_arm64/bin/busybox`,
    source: 'debian',
  })
  t.match(lookup(busybox, { VMGATE_STORE: `${store}/empty` }), {
    missing: /apt-get download busybox-static:arm64, unpacked into the store .*VMGATE_BUSYBOX_AARCH64/,
  })
})

t.test('missing packages split into those to install and those to fetch; another arch is added first', async (t) => {
  const { foreignArches, installCommand } = await import('../../src/toolchain/doctor.js')
  const rows = ['cc-aarch64', 'libcrypto-static-aarch64', 'busybox-aarch64'].map((name) => ({
    name,
    neededFor: 'aarch64' as const,
    status: 'missing' as const,
  }))
  t.same(missingPackages(rows), ['gcc-aarch64-linux-gnu', 'libssl-dev:arm64'])
  t.same(missingPackages(rows, true), ['busybox-static:arm64'])
  t.same(foreignArches(['gcc', 'libssl-dev:arm64', 'busybox-static:arm64']), ['arm64'])
  t.match(
    installCommand(missingPackages(rows), missingPackages(rows, true)),
    /^dpkg --add-architecture arm64 && apt-get update && apt-get install -y gcc-aarch64-linux-gnu libssl-dev:arm64 && vmgate doctor --install/,
  )
})

t.test('an arch whose cross compiler is missing names the package to install', async (t) => {
  const cc = { ...toolSpec('cc-aarch64'), debianPath: '/no/such/aarch64-linux-gnu-gcc' }
  t.match(lookup(cc, {}), { missing: /^apt-get install -y gcc-aarch64-linux-gnu .*VMGATE_CC_AARCH64/ })
})

t.test('an unpacked tool with library packages is found only in a tree that has all of them', async (t) => {
  const ip = toolSpec('iproute2-ip-aarch64')
  const record = ip.withPackages!.join('\n') + '\n'
  const tree = (withRecord: string) => ({ debs: { iproute2_arm64: { bin: { ip: 'elf' }, '.deb-with': withRecord } } })
  t.match(lookup(ip, { VMGATE_STORE: t.testdir(tree(record)) }), { path: /debs\/iproute2_arm64\/bin\/ip$/ })
  t.match(lookup(ip, { VMGATE_STORE: t.testdir(tree('libbpf1:arm64\n')) }), {
    missing: /apt-get download iproute2:arm64/,
  })
})
