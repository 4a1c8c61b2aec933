import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { kernelsDir } from '../../src/paths.js'
import { parseConfig } from '../../src/kernel/config-check.js'
import { kernelNeeds, missingNeeds } from '../../src/usercode/kernel-needs.js'
import { NO_USER_CODE } from '../../src/usercode/spec.js'

const everything = {
  ...NO_USER_CODE,
  hostRoot: true,
  shares: [{ host: '/', guest: '/m', rw: false }],
  modules: ['/a.ko'],
}

t.test('every need names the fragment that really sets it', async (t) => {
  for (const need of kernelNeeds(everything)) {
    const fragment = parseConfig(readFileSync(join(kernelsDir(), 'fragments', `${need.fragment}.config`), 'utf8'))
    t.equal(fragment.get(need.symbol), 'y', `${need.symbol} in ${need.fragment}.config`)
  }
})

t.test('what a run brings adds needs; a missing or modular symbol is missing', async (t) => {
  t.notOk(kernelNeeds(NO_USER_CODE).some((n) => n.symbol === 'CONFIG_9P_FS'))
  t.ok(kernelNeeds({ ...NO_USER_CODE, hostRoot: true }).some((n) => n.symbol === 'CONFIG_OVERLAY_FS'))
  const config = new Map(kernelNeeds(everything).map((n) => [n.symbol, 'y' as string | null]))
  config.set('CONFIG_9P_FS', 'm')
  config.delete('CONFIG_MODULES')
  t.same(
    missingNeeds(kernelNeeds(everything), config).map((n) => n.symbol),
    ['CONFIG_9P_FS', 'CONFIG_MODULES'],
  )
})
