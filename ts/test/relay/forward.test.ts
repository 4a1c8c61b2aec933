import t from 'tap'
import { buildRelay } from './harness.js'
import { forwardCases } from './forward.cases.js'

t.before(() => buildRelay('release'))
forwardCases(t, 'release')
