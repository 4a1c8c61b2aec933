import t from 'tap'
import { Impairment, NO_IMPAIRMENT, Shaper, prng, seedFor } from '../../src/net/impairment.js'

const shaper = (impairment: object, seed = 1) => new Shaper(Impairment.parse(impairment), seed)
const run = (s: Shaper, frames: number, bytes = 100) => Array.from({ length: frames }, (_, i) => s.decide(i, bytes))

t.test('the same seed gives the same draws; another seed gives others', async (t) => {
  const a = prng(42)
  const b = prng(42)
  const c = prng(43)
  const [xs, ys, zs] = [a, b, c].map((r) => Array.from({ length: 5 }, r))
  t.same(xs, ys)
  t.notSame(xs, zs)
  t.equal(seedFor(1, 'l0', 'ab'), seedFor(1, 'l0', 'ab'))
  t.not(seedFor(1, 'l0', 'ab'), seedFor(1, 'l0', 'ba'))
})

t.test('loss drops about the asked share, the same frames for the same seed', async (t) => {
  const dropped = (seed: number) =>
    run(shaper({ lossPct: 30 }, seed), 2000)
      .filter((d) => d.reason === 'loss')
      .map((d) => d.index)
  const first = dropped(7)
  t.ok(first.length > 500 && first.length < 700, `${first.length} of 2000 dropped`)
  t.same(dropped(7), first)
  t.notSame(dropped(8), first)
})

t.test('no impairment passes every frame at once, in order', async (t) => {
  const decisions = run(new Shaper(NO_IMPAIRMENT, 1), 10)
  t.same(
    decisions.map((d) => d.departures),
    decisions.map((_, i) => [{ at: i }]),
  )
})

t.test('delay and jitter delay frames without reordering them', async (t) => {
  const ats = run(shaper({ delayMs: 100, jitterMs: 50 }), 200).map((d) => d.departures[0].at)
  t.ok(
    ats.every((at, i) => at >= i + 50 && at <= i + 150),
    'each frame within delay ± jitter',
  )
  t.ok(
    ats.every((at, i) => i === 0 || at >= ats[i - 1]),
    'never reordered',
  )
})

t.test('rate spaces frames by their serialisation time', async (t) => {
  const ats = run(shaper({ rateBps: 8000 }), 3, 100).map((d) => d.departures[0].at)
  t.same(ats, [100, 200, 300], '100 bytes at 8 kbit/s take 100 ms each')
})

t.test('duplicate sends a frame twice; reorder lets later frames overtake', async (t) => {
  t.ok(run(shaper({ duplicatePct: 100 }), 5).every((d) => d.departures.length === 2))
  const ats = run(shaper({ reorderPct: 50, delayMs: 10 }), 100).map((d) => d.departures[0].at)
  t.ok(
    ats.some((at, i) => i > 0 && at < ats[i - 1]),
    'some frame leaves before the one ahead of it',
  )
})

t.test('a cut drops everything until healed', async (t) => {
  const s = shaper({})
  s.cut = true
  t.same(
    run(s, 3).map((d) => d.reason),
    ['cut', 'cut', 'cut'],
  )
  s.cut = false
  t.equal(s.decide(10, 1).reason, undefined)
})

t.test('bad impairments are refused with the rule broken', async (t) => {
  for (const [bad, message] of [
    [{ delayMs: -1 }, /delay cannot be negative/],
    [{ lossPct: 101 }, /loss is a percentage/],
    [{ rateBps: -5 }, /rate cannot be negative/],
    [{ lossPercent: 5 }, /lossPercent/],
  ] as const) {
    const parsed = Impairment.safeParse(bad)
    t.notOk(parsed.success)
    t.match(JSON.stringify(parsed.error?.issues), message)
  }
})
