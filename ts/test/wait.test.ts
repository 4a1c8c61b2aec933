import t from 'tap'
import { PhaseTimeout, poll, waitFor } from '../src/wait.js'

t.test('a wait that runs out names its phase and what it last saw', async (t) => {
  const error = await waitFor(
    { phase: 'ready', timeoutMs: 20, lastState: () => 'channel events init' },
    () => () => {},
  ).catch((e) => e)
  t.ok(error instanceof PhaseTimeout)
  t.match(error, {
    phase: 'ready',
    afterMs: 20,
    lastState: 'channel events init',
    message: 'timeout in the ready phase after 0.0s; last seen: channel events init',
  })
})

t.test('a wait resolves with what the watch reports and unsubscribes once', async (t) => {
  let unsubscribed = 0
  const value = await waitFor<number>({ phase: 'boot', timeoutMs: 1000 }, ({ resolve }) => {
    setTimeout(() => resolve(7), 5)
    return () => unsubscribed++
  })
  t.equal(value, 7)
  t.equal(unsubscribed, 1)
})

t.test('an abort rejects with its reason; an already aborted signal never watches', async (t) => {
  const controller = new AbortController()
  const pending = waitFor({ phase: 'test', timeoutMs: 1000, signal: controller.signal }, () => () => {})
  controller.abort(new Error('stop'))
  await t.rejects(pending, { message: 'stop' })
  let watched = false
  await t.rejects(
    waitFor({ phase: 'test', timeoutMs: 1000, signal: controller.signal }, () => ((watched = true), () => {})),
    { message: 'stop' },
  )
  t.notOk(watched)
})

t.test('poll looks until the check finds a value; a timeout carries its last state', async (t) => {
  let looks = 0
  t.equal(
    await poll({ phase: 'count', timeoutMs: 1000, everyMs: 1 }, () =>
      ++looks >= 3 ? { done: true, value: looks } : { done: false, state: `looked ${looks}` },
    ),
    3,
  )
  const error = await poll({ phase: 'never', timeoutMs: 30, everyMs: 5 }, () => ({
    done: false,
    state: `looked ${++looks}`,
  })).catch((e) => e)
  t.match(error, { phase: 'never', lastState: /^looked \d+$/ })
  await t.rejects(
    poll({ phase: 'throws', timeoutMs: 1000, everyMs: 1 }, () => Promise.reject(new Error('check broke'))),
    { message: 'check broke' },
  )
})
