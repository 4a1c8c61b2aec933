import { existsSync } from 'node:fs'
import { readFile, utimes, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import t, { type Test } from 'tap'
import { canonicalJson, storeKey } from '../../src/store/key.js'
import { Store } from '../../src/store/store.js'
import { tempDir } from '../helpers/temp.js'

async function tempStore(t: Test): Promise<Store> {
  const dir = await tempDir(t, 'vmgate-store-')
  return new Store(dir)
}

t.test('keys ignore field order and change with any input', async (t) => {
  t.equal(canonicalJson({ b: 1, a: { d: 2, c: 3 } }), '{"a":{"c":3,"d":2},"b":1}')
  t.equal(storeKey({ a: 1, b: 2 }), storeKey({ b: 2, a: 1 }))
  t.not(storeKey({ a: 1 }), storeKey({ a: 2 }))
})

t.test('an entry is built once; concurrent builders wait and share it', async (t) => {
  const store = await tempStore(t)
  let builds = 0
  const build = async (dir: string) => {
    builds++
    await new Promise((r) => setTimeout(r, 300))
    await writeFile(join(dir, 'out'), 'artifact')
  }
  const [a, b] = await Promise.all([store.ensure('thing', { v: 1 }, build), store.ensure('thing', { v: 1 }, build)])
  t.equal(builds, 1)
  t.equal(a.path, b.path)
  t.equal(await readFile(join(a.path, 'out'), 'utf8'), 'artifact')
  t.equal([a.built, b.built].filter(Boolean).length, 1)
})

t.test('a failed build leaves no entry and the next build starts clean', async (t) => {
  const store = await tempStore(t)
  await t.rejects(
    store.ensure('thing', { v: 2 }, async (dir) => {
      await writeFile(join(dir, 'half'), 'x')
      throw new Error('compiler exploded')
    }),
    /compiler exploded/,
  )
  const entry = await store.ensure('thing', { v: 2 }, async (dir) => {
    t.notOk(existsSync(join(dir, 'half')), 'scratch dir was emptied')
    await writeFile(join(dir, 'out'), 'ok')
  })
  t.ok(entry.built)
})

t.test('gc removes entries unused for longer than asked, keeps the rest', async (t) => {
  const store = await tempStore(t)
  const old = await store.ensure('thing', { v: 'old' }, async () => {})
  const fresh = await store.ensure('thing', { v: 'fresh' }, async () => {})
  const longAgo = new Date(Date.now() - 30 * 86_400_000)
  await utimes(join(old.path, '.vmgate-entry.json'), longAgo, longAgo)
  const { removed, kept } = await store.gc(14)
  t.same(removed, [`thing-${old.key}`])
  t.equal(kept, 1)
  t.ok(existsSync(fresh.path))
  t.equal((await store.gc(0)).removed.length, 1)
})

t.test('fingerprints hash contents once per file identity', async (t) => {
  const store = await tempStore(t)
  const file = join(store.root, 'input')
  await writeFile(file, 'abc')
  t.equal(await store.fingerprint(file), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
  await writeFile(join(store.root, 'input.other'), 'abc')
  await store.fingerprint(join(store.root, 'input.other'))
  await writeFile(file, 'abcd')
  t.equal(
    await new Store(store.root).fingerprint(file),
    '88d4266fd4e6338d13b845fcf289579d209c897823b9217da3e161936f031589',
  )
  const cached = Object.keys(JSON.parse(await readFile(join(store.root, 'fingerprints.json'), 'utf8')))
  t.equal(cached.length, 2, 'an edited file keeps only its newest identity; another file keeps its own')
  t.ok(
    cached.some((identity) => identity.startsWith(`${file}:`) && identity.includes(':4:')),
    'the newest, 4 bytes',
  )
})

t.test("runs recording fingerprints at once keep each other's entries", async (t) => {
  const root = (await tempStore(t)).root
  const files = [0, 1, 2].map((i) => join(root, `input-${i}`))
  for (const file of files) await writeFile(file, file)
  const [early, late] = [new Store(root), new Store(root)]
  await early.fingerprint(files[0])
  await late.fingerprint(files[1])
  // early read the cache before late wrote files[1]; its write must not drop that entry.
  await early.fingerprint(files[2])
  const cached = Object.keys(JSON.parse(await readFile(join(root, 'fingerprints.json'), 'utf8')))
  t.same(
    files.map((file) => cached.some((identity) => identity.startsWith(`${file}:`))),
    [true, true, true],
  )
})

t.test('ensureUnlessBusy builds, or returns undefined at once while another builder holds the entry', async (t) => {
  const store = await tempStore(t)
  let release: () => void = () => {}
  const slow = store.ensure('thing', { v: 3 }, () => new Promise<void>((resolve) => (release = resolve)))
  await new Promise((r) => setTimeout(r, 200))
  t.equal(await store.ensureUnlessBusy('thing', { v: 3 }, async () => void t.fail('built twice')), undefined)
  release()
  await slow
  const other = await store.ensureUnlessBusy('thing', { v: 4 }, async (dir) => writeFile(join(dir, 'out'), 'x'))
  t.ok(other?.built)
  t.same(await store.find('thing', { v: 4 }), { ...other, built: false }, 'find sees it')
  await store.remove(other!)
  t.equal(await store.find('thing', { v: 4 }), undefined, 'and not once removed')
})

t.test('gc of one kind leaves the other kinds', async (t) => {
  const store = await tempStore(t)
  await store.ensure('snapshot', { v: 1 }, async () => {})
  const kernel = await store.ensure('kernel', { v: 1 }, async () => {})
  t.match((await store.gc(0, 'snapshot')).removed, [/^snapshot-/])
  t.ok(existsSync(kernel.path))
})
