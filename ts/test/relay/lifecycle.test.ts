import t from 'tap'
import { buildRelay } from './harness.js'
import { lifecycleCases } from './lifecycle.cases.js'

t.before(() => buildRelay('release'))
lifecycleCases(t, 'release')
