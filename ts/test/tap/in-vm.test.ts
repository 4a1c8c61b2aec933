// inVm: bodies that run in a guest, their results reported here.
import { execa } from 'execa'
import { readFileSync } from 'node:fs'
import { networkInterfaces } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { inVm } from 'vmgate/tap'

const FIXTURES = fileURLToPath(new URL('fixtures/', import.meta.url))
const FIXTURE = join(FIXTURES, 'fails-in-guest.ts')

void inVm(t, { name: 'pid 1 is vmgate-init and the kernel is ours' }, async (t) => {
  t.equal(readFileSync('/proc/1/comm', 'utf8').trim(), 'vmgate-init')
  // Our kernels are built as vmgate@vmgate (KBUILD_BUILD_USER, _HOST): the host's is not.
  t.match(readFileSync('/proc/version', 'utf8'), /\(vmgate@vmgate\)/)
})

void inVm(t, { name: 'the guest has the NICs asked for', nics: { eth0: ['10.0.0.2/24', 'fd00::2/64'] } }, async (t) => {
  const eth0 = networkInterfaces().eth0 ?? []
  t.same(
    eth0.filter((a) => !a.address.startsWith('fe80')).map((a) => a.cidr),
    ['10.0.0.2/24', 'fd00::2/64'],
    "eth0's addresses",
  )
})

// The in-guest run of this file runs only the inVm bodies above.
if (!process.env.VMGATE_IN_VM) {
  t.test("a failing assertion in the guest fails the host's test with the guest's message and location", async (t) => {
    const run = await execa(process.execPath, ['--import', 'tsx', FIXTURE], {
      reject: false,
      all: true,
      env: { TAP_COLOR: '0' },
    })
    t.not(run.exitCode, 0, 'the host run fails')
    t.match(run.all, /not ok \d+ - arithmetic fails on purpose in the guest/)
    t.match(run.all, /fails-in-guest\.ts/, "the guest's location")
    t.match(run.all, /ok \d+ - runs in the guest/)
  })

  t.test("a guest that panics or times out fails the host's subtest, and says which", async (t) => {
    // TAP_TIMEOUT=0: tap's own 30 s default would kill a loaded TCG guest's run before it panics.
    const run = await execa(process.execPath, ['--import', 'tsx', join(FIXTURES, 'dies-in-guest.ts')], {
      reject: false,
      all: true,
      env: { TAP_COLOR: '0', TAP_TIMEOUT: '0' },
    })
    t.not(run.exitCode, 0, 'the host run fails')
    t.match(run.all, /not ok \d+ - panics in the guest/)
    t.match(run.all, /not ok \d+ - outlives its deadline in the guest/)
    t.match(run.all, /\bpanic\b/, 'the panic is named')
    t.match(run.all, /timeout.*test/i, 'the timeout names its phase')
  })

  t.test('misuse is an error, not a skipped test', async (t) => {
    t.throws(() => inVm({} as never, {}, async () => {}), { message: /must be a tap test/ })
    t.throws(() => inVm(t, { kernal: 'microvm' } as never, async () => {}), { message: /inVm: .*kernal/ })
    t.throws(() => inVm(t, { nics: { eth0: { model: 'rtl8139' } } } as never, async () => {}), {
      message: /inVm: .*nics.*eth0.*model/,
    })
  })
}
