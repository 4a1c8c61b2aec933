import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import t, { type Test } from 'tap'
import { discover, makeArgs, nativeComponent, nativeComponents } from '../../src/native/components.js'
import { tempDir } from '../helpers/temp.js'

/** A project listing one directory per entry: dir under its root → components.json's content (none for undefined). */
async function project(t: Test, declarations: Record<string, unknown>) {
  const root = await tempDir(t, 'vmgate-components-')
  for (const [dir, content] of Object.entries(declarations)) {
    await mkdir(join(root, dir), { recursive: true })
    if (content !== undefined) await writeFile(join(root, dir, 'components.json'), JSON.stringify(content))
  }
  return [{ file: join(root, 'vmgate.toml'), components: Object.keys(declarations).map((dir) => join(root, dir)) }]
}

const VALUES = {
  cc: 'gcc',
  kernelTree: '/k',
  kbuild: ['ARCH=x86', 'CROSS_COMPILE='],
  tools: { clang: '/usr/bin/clang' },
}

t.test("the project's components are found beside their sources, where its vmgate.toml says", async (t) => {
  t.same([...nativeComponents().keys()].sort(), ['init', 'kmod', 'relay', 'relay-broken', 'tools'])
  t.match(nativeComponent('relay'), { dir: /\/pkgs\/relay$/, hostTools: ['clang'], needsKernel: false })
  t.match(nativeComponent('kmod'), { dir: /\/pkgs\/kmod$/, needsKernel: true, staticLibs: ['libc'] })
  t.match(nativeComponent('init'), { dir: /\/roots\/init$/, outputs: { init: 'build/vmgate-init' } })
})

t.test('make arguments are data: placeholders filled in, {kbuild} as several arguments', async (t) => {
  t.same(makeArgs(nativeComponent('relay-broken'), VALUES), [
    'CC=gcc',
    'CLANG=/usr/bin/clang',
    'CFLAGS=-O2 -g -DRELAYD_TEST_CORRUPT',
    'all',
    'build/loadgen',
  ])
  t.same(makeArgs(nativeComponent('kmod'), VALUES), ['CC=gcc', 'KDIR=/k', 'ARCH=x86', 'CROSS_COMPILE=', 'kmod', 'user'])
})

t.test('an unknown component names itself and the ones there are', async (t) => {
  t.throws(() => nativeComponent('relayy', 'roots/x.json: native'), {
    name: 'UsageError',
    message:
      /roots\/x.json: native: unknown native component 'relayy'; declared: init, kmod, relay, relay-broken, tools/,
  })
})

t.test('a bad declaration is a usage error naming its file and what to fix', async (t) => {
  const base = { description: 'd', outputs: { 'usr/local/bin/x': 'build/x' } }
  const cases: [Record<string, unknown>, RegExp][] = [
    [
      { 'pkgs/a': { a: { ...base, make: ['CC={cc}', 'X={kernelTree}'] } } },
      /a: make: unknown placeholder \{kernelTree\}/,
    ],
    [{ 'pkgs/a': { a: { ...base, make: ['{kbuild}'] } } }, /a: make: \{kbuild\} is for a component with needsKernel/],
    [
      { 'pkgs/a': { a: { ...base, make: ['CLANG={clang}'] } } },
      /unknown placeholder \{clang\}.*once it is in hostTools/,
    ],
    [{ 'pkgs/a': { a: { ...base, make: [], hostTools: ['nope'] } } }, /hostTools nope not in the toolchain table/],
    [{ 'pkgs/a': { a: { ...base, make: [], makeArgs: [] } } }, /components.json: .*makeArgs/],
    [{ 'pkgs/a': { a: { ...base, make: [] } }, 'roots/b': { a: { ...base, make: [] } } }, /'a' is also declared in/],
    [{ 'pkgs/a': { a: { ...base, make: [], testTools: ['nope'] } } }, /testTools nope not in the toolchain table/],
    [{ 'pkgs/a': undefined }, /project.components: .*pkgs\/a has no components.json/],
  ]
  for (const [declarations, message] of cases) {
    const root = await project(t, declarations)
    t.throws(() => discover(root), { name: 'UsageError', message }, String(message))
  }
  const good = await project(t, { 'pkgs/a': { a: { ...base, make: ['CC={cc}'] } } })
  t.same([...discover(good).keys()], ['a'])
})
