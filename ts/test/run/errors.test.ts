// Bad input and a broken lab get clear errors and the right exit codes.
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import t from 'tap'
import { vmgate } from '../helpers/cli.js'
import { tempDir } from '../helpers/temp.js'

t.test('no command, an unknown flag or a bad value is a usage error (exit 2)', async (t) => {
  for (const args of [
    ['run'],
    ['run', '--frobnicate', '--', 'true'],
    ['run', '--timeout', 'soon', '--', 'true'],
    ['run', '--accel', 'hvf', '--', 'true'],
  ]) {
    const run = await vmgate(args)
    t.equal(run.exitCode, 2, `${args.join(' ')}: ${run.all}`)
    t.notMatch(run.all, / {4}at /, 'no stack trace')
  }
})

t.test('an unknown kernel is a usage error naming the known ones', async (t) => {
  const run = await vmgate(['run', '--kernel', 'nope', '--', 'true'])
  t.equal(run.exitCode, 2, run.all)
  t.match(run.stderr, /unknown kernel 'nope'.*known: microvm/)
})

t.test('an unknown root is a usage error naming the known ones', async (t) => {
  const run = await vmgate(['run', '--root', 'nope', '--', 'true'])
  t.equal(run.exitCode, 2, run.all)
  t.match(run.stderr, /unknown root 'nope'.*known: .*testroot/)
})

t.test('a tool override that does not exist is a usage error naming the variable', async (t) => {
  const run = await vmgate(['run', '--', 'true'], { VMGATE_QEMU_X86_64: '/no/such/qemu' })
  t.equal(run.exitCode, 2, run.all)
  t.match(run.stderr, /VMGATE_QEMU_X86_64=\/no\/such\/qemu: no such file/)
})

t.test('a qemu that fails to start is an infrastructure error (exit 3)', async (t) => {
  const run = await vmgate(['run', '--accel', 'tcg', '--', 'true'], { VMGATE_QEMU_X86_64: '/bin/false' })
  t.equal(run.exitCode, 3, run.all)
  t.match(run.stderr, /^INFRA node .*qemu failed \(exit 1\)/m)
})

t.test('a fragment asking for a symbol that does not exist fails the build, naming it', async (t) => {
  const dir = await tempDir(t, 'vmgate-kernels-')
  await mkdir(join(dir, 'fragments'))
  await writeFile(
    join(dir, 'fragments', 'bogus.config'),
    '# Does not exist in any kernel.\nCONFIG_VMGATE_NO_SUCH_SYMBOL=y\nCONFIG_PRINTK=y\n',
  )
  await writeFile(join(dir, 'bogus.json'), JSON.stringify({ arch: 'x86_64', base: 'tinyconfig', fragments: ['bogus'] }))
  const run = await vmgate(['build', '--kernel', 'bogus'], { VMGATE_KERNELS: dir })
  t.equal(run.exitCode, 2, run.all)
  t.match(run.stderr, /CONFIG_VMGATE_NO_SUCH_SYMBOL: requested y, got not set/)
  t.notMatch(run.stderr, /CONFIG_PRINTK/, 'symbols that held are not named')
})

t.test('a malformed kernel definition is a usage error quoting the field', async (t) => {
  const dir = await tempDir(t, 'vmgate-kernels-')
  await writeFile(
    join(dir, 'bad.json'),
    JSON.stringify({ arch: 'x86_64', base: 'tinyconfig', fragments: ['../etc/passwd'], extra: 1 }),
  )
  const run = await vmgate(['build', '--kernel', 'bad'], { VMGATE_KERNELS: dir })
  t.equal(run.exitCode, 2, run.all)
  t.match(run.stderr, /bad\.json/)
  t.match(run.stderr, /extra|fragment name/)
})
