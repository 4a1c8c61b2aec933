import t from 'tap'
import { buildRelay } from './harness.js'
import { dropCases } from './drops.cases.js'

t.before(() => buildRelay('release'))
dropCases(t, 'release')
