import t from 'tap'
import { vmgate } from '../helpers/cli.js'

t.test('an unknown image is a usage error naming the known ones', async (t) => {
  const result = await vmgate(['image', 'build', 'nope'])
  t.equal(result.exitCode, 2)
  t.match(result.all, /unknown image 'nope': no .*images\/nope.json; known: trixie/)
})

t.test('an arch without UEFI image support is a usage error', async (t) => {
  const result = await vmgate(['image', 'build', 'trixie', '--arch', 'riscv64'])
  t.equal(result.exitCode, 2)
  t.match(result.all, /no UEFI image support for arch 'riscv64'; supported: x86_64, aarch64/)
})
