import t from 'tap'
import {
  closingLines,
  describeOutcome,
  failureText,
  rerunCommand,
  junitXml,
  scenarioOutcomes,
  type ScenarioResult,
} from '../../src/scenario/report.js'
import { judge, matrix, type Scenario } from '../../src/scenario/scenario.js'
import { selectScenarios } from '../../src/cli/commands/scenario.js'
import type { TopologyReport } from '../../src/scenario/topology-run.js'
import { formatPhases, phaseBreakdown } from '../../src/scenario/report.js'

const base: Scenario = { name: 's', description: '', tags: ['a'], topology: { nodes: {} } }
const node = (name: string, kind: 'pass' | 'fail') => ({
  node: name,
  arch: 'x86_64',
  accel: 'tcg' as const,
  classification: { kind, reason: kind === 'pass' ? 'exit status 0' : 'exit status 1' },
  timings: {},
  marks: {},
  consoleTail: [],
  outputTail: [],
  workDir: '',
  argv: [],
})
const report = (...nodes: ReturnType<typeof node>[]): TopologyReport => ({ accel: 'tcg', seed: 1, nodes, links: {} })
const run = (name: string, repeat: number, passed: boolean): ScenarioResult => ({
  name,
  repeat,
  seed: 6 + repeat,
  passed,
  infra: false,
  problems: passed ? [] : [`a: expected pass, got fail: "x" & y`],
  durationMs: 500,
  resultsDir: `/r/${name}/${repeat}`,
})

t.test('a matrix expands every combination and names each; a combination can be skipped', async (t) => {
  const made = matrix('tcp', { link: ['direct', 'emulated'], loss: [0, 5] }, ({ link, loss }, name) =>
    link === 'direct' && loss > 0 ? undefined : { ...base, name },
  )
  t.same(
    made.map((s) => s.name),
    ['tcp[link=direct,loss=0]', 'tcp[link=emulated,loss=0]', 'tcp[link=emulated,loss=5]'],
  )
})

t.test('judging: expectations per node, script errors and checks', async (t) => {
  t.same(judge(base, report(node('a', 'pass'))), [])
  t.match(judge(base, report(node('a', 'fail'))), [/a: expected pass, got fail: exit status 1/])
  t.same(
    judge({ ...base, expect: { a: 'fail' } }, report(node('a', 'fail'))),
    [],
    'a negative scenario passes when its node fails',
  )
  t.match(judge({ ...base, check: () => ['no drops counted'] }, report(node('a', 'pass'))), ['no drops counted'])
  t.match(judge(base, { ...report(node('a', 'pass')), scriptError: 'scenario script failed: x' }), [
    'scenario script failed: x',
  ])
})

t.test('outcomes: pass, fail, or flaky when a scenario both passed and failed, with counts', async (t) => {
  const outcomes = scenarioOutcomes(
    [{ name: 'ok' }, { name: 'bad' }, { name: 'flaky' }, { name: 'never-ran' }],
    [
      run('ok', 1, true),
      run('bad', 1, false),
      run('flaky', 2, false),
      run('flaky', 1, true),
      run('ok', 2, true),
      run('bad', 2, false),
      run('flaky', 3, true),
    ],
  )
  t.same(
    outcomes.map((o) => [o.name, o.status, o.passes, o.failures]),
    [
      ['ok', 'pass', 2, 0],
      ['bad', 'fail', 0, 2],
      ['flaky', 'flaky', 2, 1],
    ],
  )
  t.same(
    outcomes[2].runs.map((r) => r.repeat),
    [1, 2, 3],
    'runs in repeat order',
  )
  t.equal(describeOutcome(outcomes[2]), 'flaky (2 passed, 1 failed of 3 runs)')
  t.same(closingLines(outcomes), ['3 scenarios: 1 pass, 1 fail, 1 flaky (7 runs)', '4 passed, 3 failed'])
  t.same(
    closingLines(scenarioOutcomes([{ name: 'ok' }], [run('ok', 1, true)])),
    ['1 passed, 0 failed'],
    'one run each: the plain line alone',
  )
})

t.test('junit.xml has a testcase per scenario; flaky is a failure with its counts; text is escaped', async (t) => {
  const xml = junitXml(
    scenarioOutcomes(
      [{ name: 'ok' }, { name: 'bad<1>' }, { name: 'flaky' }],
      [run('ok', 1, true), run('bad<1>', 1, false), run('flaky', 1, true), run('flaky', 2, false)],
    ),
  )
  t.match(xml, /<testsuite name="vmgate" tests="3" failures="2" time="2\.000">/)
  t.match(xml, /<testcase classname="vmgate.scenario" name="ok" time="0\.500"\/>/)
  t.match(
    xml,
    /name="bad&#60;1&#62;"[\s\S]*<failure message="a: expected pass, got fail: &#34;x&#34; &#38; y">run 1 \(seed 7\)/,
  )
  t.match(
    xml,
    /name="flaky" time="1\.000">\n {4}<failure message="flaky: flaky \(1 passed, 1 failed of 2 runs\)">run 2 \(seed 8\):/,
  )
})

t.test('a failed run says how to run it again: its name, quoted, and its seed', async (t) => {
  const result = run("relay[family=ipv4]'s", 3, false)
  const text = failureText(result, rerunCommand(result, ['--accel', 'tcg']))
  t.match(text, /^✗ relay\[family=ipv4\]'s \(run 3, seed 9\)$/m)
  t.match(text, /^ {2}re-run: npx vmgate scenario run 'relay\[family=ipv4\]'\\''s' --seed 9 --accel tcg$/m)
})

t.test('selecting scenarios: unknown names and empty selections are usage errors', async (t) => {
  const all = [base, { ...base, name: 't', tags: ['a', 'b'] }]
  t.same(
    selectScenarios([], ['b'], all).map((s) => s.name),
    ['t'],
  )
  t.throws(() => selectScenarios(['nope'], [], all), { name: 'UsageError', message: /unknown scenario\(s\): nope/ })
  t.throws(() => selectScenarios([], ['zzz'], all), {
    name: 'UsageError',
    message: /no scenario matches with tags zzz/,
  })
})

t.test(
  'phases line nodes up on one clock: boot until the last node booted, then each mark, then the end',
  async (t) => {
    const at = (name: string, startedAt: number, boot: number, marks: Record<string, number>) => ({
      ...node(name, 'pass'),
      startedAt,
      timings: { boot },
      marks,
    })
    const topology: TopologyReport = {
      accel: 'tcg',
      seed: 1,
      links: {},
      nodes: [
        at('relay', 1000, 1200, { init: 900 }),
        at('peer-b', 2500, 1300, { init: 1000 }),
        at('peer-a', 4000, 1500, { handshake: 2000, transfer: 5000, boot: 100 }),
      ],
    }
    // The scenario started at 600: the first qemu 400 ms later.
    const phases = phaseBreakdown(topology, 600, 10_400)
    t.same(
      phases.map((p) => p.name),
      ['prepare', 'boot', 'handshake', 'transfer', 'end'],
    )
    // peer-a booted last, at 4000 + 1500.
    t.same(
      phases.map((p) => p.ms),
      [400, 4500, 500, 3000, 2000],
    )
    t.equal(formatPhases(phases), 'prepare 0.40s · boot 4.50s · handshake 0.50s · transfer 3.00s · end 2.00s')
  },
)
