import t from 'tap'
import { buildRelay } from './harness.js'
import { mac1Cases } from './mac1.cases.js'

t.before(() => buildRelay('release'))
mac1Cases(t, 'release')
