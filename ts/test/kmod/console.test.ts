// A live target fails on the kernel's own complaints, not on what its program
// prints. The in-guest program is a stand-in that passes its one case; it
// prints kernel-complaint lines itself, or makes tcpstats.ko really WARN()
// through its test-only test_warn parameter.
import t, { type Test } from 'tap'
import { runLiveTarget } from '../../../pkgs/kmod/ts/live-target.js'
import { silentSink } from '../../src/log.js'
import { Store } from '../../src/store/store.js'
import { tempDir } from '../helpers/temp.js'

const PASSING_CASE = 'echo "ok 1 stand-in/case"; echo "kmod-target live_smoke: 1 passed, 0 failed"'
const STAND_IN = (before: string) => `sh -c '${before}; ${PASSING_CASE}'`

async function run(t: Test, before: string) {
  const lines: string[] = []
  const result = await runLiveTarget('live_smoke', {
    runDir: await tempDir(t, 'vmgate-kmod-'),
    store: Store.fromEnv(),
    accel: 'auto',
    log: silentSink,
    extraArgs: [],
    onLine: (l) => lines.push(l),
    program: STAND_IN(before),
  })
  return { result, lines }
}

t.test('a program printing WARNING:, BUG: and Oops lines itself, on stdout and stderr, passes', async (t) => {
  const printed = [
    'WARNING: CPU: 0 PID: 1 at printed.c:1',
    'BUG: unable to handle page fault, printed',
    'Oops: 0002 [#1] printed',
    'kernel BUG at printed.c:1!',
  ]
  const { result, lines } = await run(t, printed.map((line) => `echo "${line}"; echo "${line}" >&2`).join('; '))
  t.match(result, { status: 'pass', passed: 1, failed: 0, problems: [] })
  t.ok(lines.includes('kmod-target live_smoke: 1 passed, 0 failed'), 'the summary came over the channel')
})

t.test("a real WARN() in the module fails the target, quoting the kernel's line", async (t) => {
  const { result } = await run(
    t,
    'insmod /lib/modules/tcpstats.ko && echo 1 > /sys/module/tcpstats/parameters/test_warn',
  )
  t.match(result, {
    status: 'fail',
    passed: 1,
    failed: 0,
    problems: [/the kernel complained: .*WARNING: CPU: \d+ PID: \d+ at .*params\.c:\d+ set_test_warn/],
  })
})
