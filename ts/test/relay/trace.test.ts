import t from 'tap'
import { buildRelay } from './harness.js'
import { traceCases } from './trace.cases.js'

t.before(() => buildRelay('release'))
traceCases(t, 'release')
