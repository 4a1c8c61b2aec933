import t from 'tap'
import { buildRelay } from './harness.js'
import { controlCases } from './control.cases.js'

t.before(() => buildRelay('release'))
controlCases(t, 'release')
