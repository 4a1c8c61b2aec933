// The key cases again, against the ASan+UBSan build (make sanitize). Any
// sanitizer report on relayd's stderr fails the test that stopped it.
import t from 'tap'
import { buildRelay } from './harness.js'
import { controlCases } from './control.cases.js'
import { dropCases } from './drops.cases.js'
import { forwardCases } from './forward.cases.js'
import { lifecycleCases } from './lifecycle.cases.js'
import { mac1Cases } from './mac1.cases.js'
import { traceCases } from './trace.cases.js'

t.before(() => buildRelay('sanitize'))
t.test('forwarding', (t) => {
  forwardCases(t, 'sanitize')
  t.end()
})
t.test('drops', (t) => {
  dropCases(t, 'sanitize')
  t.end()
})
t.test('MAC1', (t) => {
  mac1Cases(t, 'sanitize')
  t.end()
})
t.test('control protocol', (t) => {
  controlCases(t, 'sanitize')
  t.end()
})
t.test('trace', (t) => {
  traceCases(t, 'sanitize')
  t.end()
})
t.test('lifecycle', (t) => {
  lifecycleCases(t, 'sanitize')
  t.end()
})
