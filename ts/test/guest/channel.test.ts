import t from 'tap'
import { VerdictCollector } from '../../src/guest/channel.js'

const NONCE = 'a1b2c3'
const result = (fields: Record<string, unknown> = {}) =>
  JSON.stringify({ event: 'result', nonce: NONCE, status: 'pass', reason: 'exit status 0', metrics: {}, ...fields })

function collect(lines: string[]) {
  const collector = new VerdictCollector(NONCE)
  for (const line of lines) collector.push(line)
  return collector.verdict()
}

t.test('one well-formed result with the nonce is the verdict', async (t) => {
  const verdict = collect(['{"event":"mark","name":"init","ms":12}', '{"event":"ready","ms":20}', result()])
  t.ok(verdict.ok)
  t.equal(verdict.ok && verdict.result.status, 'pass')
})

t.test('a missing result is a fail', async (t) => {
  t.same(collect(['{"event":"ready"}']), { ok: false, reason: 'no result on the channel' })
})

t.test('a garbled line is a fail, even next to a passing result', async (t) => {
  const verdict = collect(['{"event":"resu', result()])
  t.notOk(verdict.ok)
  t.match(!verdict.ok && verdict.reason, /garbled channel line: '\{"event":"resu'/)
})

t.test('valid JSON that is not an event is a fail', async (t) => {
  for (const bad of [
    '{"event":"result","nonce":"a1b2c3","status":"great","reason":""}',
    '{"event":"nonsense"}',
    '[]',
    '{"event":"log"}',
  ]) {
    const verdict = collect([bad, result()])
    t.notOk(verdict.ok, bad)
    t.match(!verdict.ok && verdict.reason, /malformed channel event/)
  }
})

t.test('a duplicated result is a fail', async (t) => {
  const verdict = collect([result(), result()])
  t.notOk(verdict.ok)
  t.match(!verdict.ok && verdict.reason, /duplicated result/)
})

t.test('a result with the wrong nonce is a fail and does not count as the result', async (t) => {
  const verdict = collect([result({ nonce: 'forged' })])
  t.notOk(verdict.ok)
  t.match(!verdict.ok && verdict.reason, /wrong nonce: 'forged'/)
  const collector = new VerdictCollector(NONCE)
  collector.push(result({ nonce: 'forged' }))
  t.notOk(collector.hasResult)
})

t.test('long garbage is quoted short', async (t) => {
  const verdict = collect(['x'.repeat(500)])
  t.ok(!verdict.ok && verdict.reason.length < 200)
})
