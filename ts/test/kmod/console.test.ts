// The kernel's own complaints fail a live target even when every case passed.
// The in-guest program is a stand-in that passes its one case and makes the
// kernel log a warning, as a WARN() in tcpstats.ko would.
import t, { type Test } from 'tap'
import { runLiveTarget } from '../../src/kmod/live-target.js'
import { silentSink } from '../../src/log.js'
import { Store } from '../../src/store/store.js'
import { tempDir } from '../helpers/temp.js'

const STAND_IN = (complaint: string) => `sh -c 'echo "<4>${complaint}" > /dev/kmsg; echo "ok 1 stand-in/case"; echo "kmod-target live_smoke: 1 passed, 0 failed"'`

async function run(t: Test, complaint: string) {
  const lines: string[] = []
  const result = await runLiveTarget('live_smoke', {
    runDir: await tempDir(t, 'vmgate-kmod-'), store: Store.fromEnv(), accel: 'auto', log: silentSink, extraArgs: [], onLine: (l) => lines.push(l), program: STAND_IN(complaint),
  })
  return { result, lines }
}

t.test('a WARNING on the guest console fails the target, quoting it', async (t) => {
  const { result } = await run(t, 'WARNING: CPU: 0 PID: 1 at pkgs/kmod/module/reader.c:1 stand-in')
  t.match(result, { status: 'fail', passed: 1, failed: 0, problems: [/the kernel complained: WARNING: CPU: 0 PID: 1 at pkgs\/kmod\/module\/reader.c:1/] })
})

t.test('an ordinary kernel message does not', async (t) => {
  const { result, lines } = await run(t, 'tcpstats: an ordinary message')
  t.match(result, { status: 'pass', passed: 1, problems: [] })
  t.ok(lines.includes('kmod-target live_smoke: 1 passed, 0 failed'))
})
