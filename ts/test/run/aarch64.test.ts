// aarch64 guests under TCG on any host: the virt machine, the cross-built
// kernel, init and busybox, and the same verdict corpus as x86_64.
import t from 'tap'
import { vmgate } from '../helpers/cli.js'
import { verdictCorpus } from './verdict-corpus.js'

const ARCH = ['--arch', 'aarch64']

t.test('--arch aarch64 boots an aarch64 guest and the report says so', async (t) => {
  const run = await vmgate(['run', ...ARCH, '--json', '--', 'uname', '-m'])
  t.equal(run.exitCode, 0, run.all)
  t.match(run.stderr, /^aarch64$/m, 'uname -m in the guest (output goes to stderr with --json)')
  t.match(JSON.parse(run.stdout), { arch: 'aarch64', classification: { kind: 'pass' } })
})

t.test('a poweroff from the command ends qemu at once: a fail with no verdict, not a timeout', async (t) => {
  const run = await vmgate(['run', ...ARCH, '--', 'poweroff', '-f'])
  t.equal(run.exitCode, 1, run.all)
  t.match(run.stderr, /^FAIL node /m)
})

t.test('a kernel of another arch than --arch asks for is a usage error with the fix', async (t) => {
  const run = await vmgate(['run', ...ARCH, '--kernel', 'microvm', '--', 'true'])
  t.equal(run.exitCode, 2, run.all)
  t.match(run.stderr, /kernel 'microvm' is x86_64, not aarch64; name no kernel to boot aarch64's \(virt-aarch64\)/)
})

verdictCorpus(t, ARCH)
