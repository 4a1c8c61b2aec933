import t from 'tap'
import { loadImage, parseImage } from '../../src/image/definition.js'

const GOOD = {
  description: 'x',
  release: 'trixie',
  mirror: 'http://deb.debian.org/debian',
  packages: ['systemd'],
  espMiB: 128,
  rootMiB: 1024,
}

t.test('the trixie definition loads', async (t) => {
  const spec = loadImage('trixie')
  t.equal(spec.release, 'trixie')
  t.ok(spec.packages.includes('systemd-ukify'), 'it carries ukify, which builds the UKI in the root')
})

t.test('bad input is one clear usage error', async (t) => {
  t.throws(() => parseImage('x', { ...GOOD, extra: 1 }, 'images/x.json'), /images\/x.json: .*extra/s)
  t.throws(() => parseImage('x', { ...GOOD, packages: ['Bad Name'] }, 'images/x.json'), /packages/)
  t.throws(
    () => parseImage('x', { ...GOOD, customize: ['images/trixie.json'] }, 'images/x.json'),
    /customize hooks images\/trixie.json are not executable files; chmod \+x them/,
  )
  t.throws(() => loadImage('nope'), /unknown image 'nope': .*known: trixie/)
})
