import t from 'tap'
import { junitXml } from '../../src/scenario/report.js'
import { judge, matrix, type Scenario } from '../../src/scenario/scenario.js'
import { selectScenarios } from '../../src/cli/commands/scenario.js'
import type { TopologyReport } from '../../src/net/run-topology.js'
import { formatPhases, phaseBreakdown } from '../../src/scenario/report.js'

const base: Scenario = { name: 's', description: '', tags: ['a'], topology: { nodes: {} } }
const node = (name: string, kind: 'pass' | 'fail') => ({ node: name, accel: 'tcg' as const, classification: { kind, reason: kind === 'pass' ? 'exit status 0' : 'exit status 1' }, timings: {}, marks: {}, consoleTail: [], workDir: '', argv: [] })
const report = (...nodes: ReturnType<typeof node>[]): TopologyReport => ({ accel: 'tcg', nodes, links: {} })

t.test('a matrix expands every combination and names each; a combination can be skipped', async (t) => {
  const made = matrix('tcp', { link: ['direct', 'emulated'], loss: [0, 5] }, ({ link, loss }, name) => (link === 'direct' && loss > 0 ? undefined : { ...base, name }))
  t.same(made.map((s) => s.name), ['tcp[link=direct,loss=0]', 'tcp[link=emulated,loss=0]', 'tcp[link=emulated,loss=5]'])
})

t.test('judging: expectations per node, script errors and checks', async (t) => {
  t.same(judge(base, report(node('a', 'pass'))), [])
  t.match(judge(base, report(node('a', 'fail'))), [/a: expected pass, got fail: exit status 1/])
  t.same(judge({ ...base, expect: { a: 'fail' } }, report(node('a', 'fail'))), [], 'a negative scenario passes when its node fails')
  t.match(judge({ ...base, check: () => ['no drops counted'] }, report(node('a', 'pass'))), ['no drops counted'])
  t.match(judge(base, { ...report(node('a', 'pass')), scriptError: 'scenario script failed: x' }), ['scenario script failed: x'])
})

t.test('junit.xml has a testcase per scenario and escapes failure text', async (t) => {
  const xml = junitXml([
    { name: 'ok', passed: true, infra: false, problems: [], durationMs: 1000, resultsDir: '/r/ok' },
    { name: 'bad<1>', passed: false, infra: false, problems: ['a: expected pass, got fail: "x" & y'], durationMs: 500, resultsDir: '/r/bad' },
  ])
  t.match(xml, /<testsuite name="vmgate" tests="2" failures="1" time="1\.500">/)
  t.match(xml, /<testcase classname="vmgate.scenario" name="ok" time="1\.000"\/>/)
  t.match(xml, /name="bad&#60;1&#62;"[\s\S]*<failure message="a: expected pass, got fail: &#34;x&#34; &#38; y">/)
})

t.test('selecting scenarios: unknown names and empty selections are usage errors', async (t) => {
  const all = [base, { ...base, name: 't', tags: ['a', 'b'] }]
  t.same(selectScenarios([], ['b'], all).map((s) => s.name), ['t'])
  t.throws(() => selectScenarios(['nope'], [], all), { name: 'UsageError', message: /unknown scenario\(s\): nope/ })
  t.throws(() => selectScenarios([], ['zzz'], all), { name: 'UsageError', message: /no scenario matches with tags zzz/ })
})

t.test('phases line nodes up on one clock: boot until the last node booted, then each mark, then the end', async (t) => {
  const at = (name: string, startedAt: number, boot: number, marks: Record<string, number>) => ({ ...node(name, 'pass'), startedAt, timings: { boot }, marks })
  const topology: TopologyReport = {
    accel: 'tcg', links: {},
    nodes: [at('relay', 1000, 1200, { init: 900 }), at('peer-b', 2500, 1300, { init: 1000 }), at('peer-a', 4000, 1500, { handshake: 2000, transfer: 5000, boot: 100 })],
  }
  // The scenario started at 600: the first qemu 400 ms later.
  const phases = phaseBreakdown(topology, 600, 10_400)
  t.same(phases.map((p) => p.name), ['prepare', 'boot', 'handshake', 'transfer', 'end'])
  // peer-a booted last, at 4000 + 1500.
  t.same(phases.map((p) => p.ms), [400, 4500, 500, 3000, 2000])
  t.equal(formatPhases(phases), 'prepare 0.40s · boot 4.50s · handshake 0.50s · transfer 3.00s · end 2.00s')
})
