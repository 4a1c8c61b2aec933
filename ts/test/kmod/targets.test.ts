import t from 'tap'
import { isFailedCase, kernelTrouble, parseSummaryLine } from '../../../pkgs/kmod/ts/outcome.js'
import { TIMED_OUT } from '../../src/proc.js'
import { judge, summaryJson, summaryText, type TargetResult } from '../../../pkgs/kmod/ts/result.js'
import {
  expandTargets,
  HOST_TARGETS,
  LIVE_TARGETS,
  liveArgs,
  localTargets,
  needsLinux,
  type Target,
} from '../../../pkgs/kmod/ts/targets.js'

t.test('groups expand in order, without repeats', async (t) => {
  t.same(expandTargets(['compile-only']), HOST_TARGETS)
  t.same(expandTargets(['live_smoke', 'live_all']), ['live_smoke', 'live_stats', 'live_dos', 'live_integration'])
  t.notOk(expandTargets(['all']).includes('live_bench'), 'live_bench, with its 100K connections, runs when named')
  t.ok(LIVE_TARGETS.includes('live_bench'))
  t.same(expandTargets(['unit', 'compile-only', 'unit']), HOST_TARGETS)
})

t.test(
  'a group keeps the members that fit the host; a target named outright is kept, to be refused by name',
  async (t) => {
    const bsd = (target: string) => !needsLinux(target as Target)
    t.notOk(expandTargets(['compile-only'], bsd).includes('kmod'))
    t.ok(expandTargets(['compile-only'], bsd).includes('unit'))
    t.same(expandTargets(['live_all'], bsd), [])
    t.same(expandTargets(['kmod', 'live_smoke'], bsd), ['kmod', 'live_smoke'])
  },
)

t.test('integration is live_integration where the host loads modules, compile-only elsewhere', async (t) => {
  t.same(expandTargets(['integration']), ['live_integration'])
  t.same(
    expandTargets(['integration'], (target) => !needsLinux(target)),
    HOST_TARGETS.filter((x) => x !== 'kmod'),
  )
})

t.test('live_integration takes every flag, live_bench only the wrong expectation', async (t) => {
  const args = ['--category', 'port', '--wrong-expectation', 'bench/1000']
  t.same(liveArgs('live_integration', args), args)
  t.same(liveArgs('live_bench', args), ['--wrong-expectation', 'bench/1000'])
  t.same(liveArgs('live_smoke', args), [])
})

t.test('pkg_setup runs on a --host only', async (t) => {
  t.same(expandTargets(['pkg_setup', 'unit']), ['pkg_setup', 'unit'])
  t.throws(() => localTargets(['pkg_setup', 'unit']), {
    name: 'UsageError',
    message: /pkg_setup runs on a --host only/,
  })
})

t.test('summary lines and failed cases are recognised exactly', async (t) => {
  t.same(parseSummaryLine('kmod-target unit: 153 passed, 0 failed'), { target: 'unit', passed: 153, failed: 0 })
  t.equal(parseSummaryLine('kmod-target unit: 153 passed'), undefined)
  t.equal(parseSummaryLine('unit: 1 passed, 0 failed'), undefined)
  t.ok(isFailedCase('not ok 7 port/local-single: filter="local_port=80" expected=2 actual=3'))
  t.notOk(isFailedCase('ok 7 port/local-single'))
})

t.test('kernel complaints in a console are found; ordinary lines are not', async (t) => {
  const console = [
    '[    1.0] tcpstats: loaded',
    '[    2.0] WARNING: CPU: 0 PID: 1 at net/ipv4/tcp.c:1',
    '[    2.1] BUG: unable to handle page fault',
    '[ 3] Oops: 0002 [#1]',
    'no BUGs here',
  ]
  t.same(kernelTrouble(console), console.slice(1, 4))
})

t.test("init's own console lines are not kernel complaints, whatever they quote", async (t) => {
  t.same(
    kernelTrouble([
      "vmgate-init: bad vmgate.cmdfile 'WARNING: x': No such file or directory",
      'vmgate-init: BUG: nothing',
    ]),
    [],
  )
  t.same(
    kernelTrouble(['WARNING: CPU: 0 PID: 1 at vmgate-init: x']),
    ['WARNING: CPU: 0 PID: 1 at vmgate-init: x'],
    "only a line that starts with the prefix is init's",
  )
})

t.test('a target passes only with a summary line, no failed case and exit 0', async (t) => {
  t.match(judge('unit', 0, { target: 'unit', passed: 10, failed: 0 }), { status: 'pass', problems: [] })
  t.match(judge('unit', 1, { target: 'unit', passed: 9, failed: 1 }), {
    status: 'fail',
    problems: ['1 of 10 failed', 'exit status 1'],
  })
  t.match(judge('unit', 2, { target: 'unit', passed: 10, failed: 0 }), { status: 'fail', problems: ['exit status 2'] })
  t.match(judge('unit', 0, { target: 'unit', passed: 0, failed: 0 }), { status: 'fail', problems: ['ran no tests'] })
  t.match(judge('unit', 0, undefined), {
    status: 'error',
    problems: [/ended \(exit status 0\) without its 'kmod-target unit/],
  })
  t.match(judge('unit', 2, undefined), { status: 'fail', problems: [/ended \(exit status 2\) without/] })
  t.match(judge('unit', TIMED_OUT, undefined), { status: 'fail', problems: [/ended \(timed out\) without/] })
})

t.test("summary.json counts every target and carries each one's status", async (t) => {
  const results: TargetResult[] = [
    {
      target: 'unit',
      where: 'host',
      status: 'pass',
      durationMs: 1200.4,
      passed: 150,
      failed: 0,
      problems: [],
      log: '/r/unit.log',
    },
    {
      target: 'live_smoke',
      where: 'guest',
      status: 'fail',
      durationMs: 3000,
      passed: 4,
      failed: 1,
      problems: ['1 of 5 failed'],
      log: '/r/live_smoke/output.log',
    },
  ]
  const summary = JSON.parse(summaryJson('kmod-x', results))
  t.match(summary, {
    runId: 'kmod-x',
    status: 'fail',
    tests: { passed: 154, failed: 1 },
    targets: [
      { target: 'unit', durationMs: 1200 },
      { target: 'live_smoke', status: 'fail' },
    ],
  })
  t.equal(JSON.parse(summaryJson('kmod-x', results.slice(0, 1), false)).status, 'interrupted')
  t.match(
    summaryText(results),
    /✓ unit .*150 passed[\s\S]*✗ live_smoke[\s\S]*1 of 5 failed[\s\S]*1 targets passed, 1 failed/,
  )
})
