import t from 'tap'
import { describeMismatches, mismatches, parseConfig } from '../../src/kernel/config-check.js'
import { requestedSymbols } from '../../src/kernel/build.js'

t.test('set and unset symbols both parse; comments are skipped', async (t) => {
  const values = parseConfig('# why\nCONFIG_A=y\n# CONFIG_B is not set\nCONFIG_C="x y"\n')
  t.same(
    [...values],
    [
      ['CONFIG_A', 'y'],
      ['CONFIG_B', null],
      ['CONFIG_C', '"x y"'],
    ],
  )
})

t.test('a line that is not config is an error quoting it', async (t) => {
  t.throws(() => parseConfig('CONFIG_A=y\nCONIFG_B=y\n', 'frag.config'), {
    name: 'UsageError',
    message: /frag\.config:2: cannot read 'CONIFG_B=y'/,
  })
})

t.test('a dropped or changed symbol is named; a held one is not', async (t) => {
  const requested = parseConfig('CONFIG_A=y\nCONFIG_GONE=y\n# CONFIG_C is not set\nCONFIG_D=m\n')
  const actual = parseConfig('CONFIG_A=y\nCONFIG_D=y\n')
  const found = mismatches(requested, actual)
  t.same(found, [
    { symbol: 'CONFIG_GONE', requested: 'y', actual: null },
    { symbol: 'CONFIG_D', requested: 'm', actual: 'y' },
  ])
  t.match(describeMismatches('k', found), /CONFIG_GONE: requested y, got not set[\s\S]*CONFIG_D: requested m, got y/)
})

t.test('a later fragment overrides an earlier one', async (t) => {
  const spec = {
    name: 'k',
    arch: 'x86_64',
    base: 'tinyconfig',
    fragments: [
      { name: 'a', text: 'CONFIG_X=y\n' },
      { name: 'b', text: '# CONFIG_X is not set\n' },
    ],
  }
  t.same([...requestedSymbols(spec)], [['CONFIG_X', null]])
})
