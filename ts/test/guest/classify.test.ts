import t from 'tap'
import { classify, PANIC_PATTERN } from '../../src/guest/classify.js'
import type { Verdict } from '../../src/guest/channel.js'

const passed: Verdict = {
  ok: true,
  result: { event: 'result', nonce: 'n', status: 'pass', reason: 'exit status 0', metrics: {} },
}
const failed = (metrics: Record<string, number>): Verdict => ({
  ok: true,
  result: { event: 'result', nonce: 'n', status: 'fail', reason: 'exit status 3', metrics },
})

t.test('a result decides when nothing else went wrong', async (t) => {
  t.same(classify({ channelOpened: true, verdict: passed }), { kind: 'pass', reason: 'exit status 0' })
  t.same(classify({ channelOpened: true, verdict: failed({ exit_status: 3 }) }), {
    kind: 'fail',
    reason: 'exit status 3',
    exitStatus: 3,
  })
})

t.test('the guest deadline is a test-phase timeout', async (t) => {
  t.match(classify({ channelOpened: true, verdict: failed({ exit_status: -1, timed_out: 1 }) }), {
    kind: 'timeout',
    phase: 'test',
  })
})

t.test('infra beats panic beats host timeout beats the channel', async (t) => {
  const everything = {
    infra: 'qemu failed',
    panicLine: 'Kernel panic - not syncing: sysrq',
    timedOut: { phase: 'boot' as const, afterMs: 1000 },
    channelOpened: true,
    verdict: passed,
  }
  t.equal(classify(everything).kind, 'infra')
  t.equal(classify({ ...everything, infra: undefined }).kind, 'panic')
  t.match(classify({ ...everything, infra: undefined, panicLine: undefined }), { kind: 'timeout', phase: 'boot' })
})

t.test('no verdict is a fail carrying the channel reason', async (t) => {
  t.same(classify({ channelOpened: true, verdict: { ok: false, reason: 'no result on the channel' } }), {
    kind: 'fail',
    reason: 'no result on the channel',
  })
  t.match(classify({ channelOpened: false, verdict: { ok: false, reason: 'no result on the channel' } }), {
    kind: 'fail',
    reason: /stopped during boot/,
  })
})

t.test(
  "a caller's stop: a pass for a service whose test nodes are done, a fail otherwise; a panic still wins",
  async (t) => {
    const none: Verdict = { ok: false, reason: 'no result on the channel' }
    t.same(
      classify({ channelOpened: true, verdict: none, stopped: { reason: 'the test nodes are done', asPass: true } }),
      { kind: 'pass', reason: 'stopped: the test nodes are done' },
    )
    t.same(classify({ channelOpened: true, verdict: none, stopped: { reason: 'peer-a fail', asPass: false } }), {
      kind: 'fail',
      reason: 'stopped: peer-a fail',
    })
    t.equal(
      classify({
        channelOpened: true,
        verdict: none,
        panicLine: 'Kernel panic - not syncing: x',
        stopped: { reason: 'done', asPass: true },
      }).kind,
      'panic',
    )
  },
)

t.test('a host-side timeout says what it last saw', async (t) => {
  t.match(
    classify({
      channelOpened: true,
      verdict: passed,
      timedOut: { phase: 'ready', afterMs: 30_000, lastState: 'channel events init' },
    }),
    {
      kind: 'timeout',
      phase: 'ready',
      reason: 'timeout in the ready phase after 30.0s; last seen: channel events init',
    },
  )
})

t.test("the panic pattern matches the kernel's panic, BUG and Oops lines, not init's own lines", async (t) => {
  for (const line of [
    'Kernel panic - not syncing: sysrq triggered crash',
    '[    1.2] kernel BUG at mm/slub.c:42!',
    'Oops: 0002 [#1] SMP NOPTI',
  ])
    t.ok(PANIC_PATTERN.test(line), line)
  for (const line of [
    "vmgate-init: bad vmgate.nic 'Kernel panic - not syncing': expected MAC,ADDR/LEN,...",
    'vmgate-init: mount proc on /proc: Oops: no',
    'a kernel panicked',
  ])
    t.notOk(PANIC_PATTERN.test(line), line)
})
