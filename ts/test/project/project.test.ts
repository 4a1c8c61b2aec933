// A user's project declares its own roots and native components in its
// vmgate.toml's [project], and the lab finds them beside vmgate's own.
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import t, { type Test } from 'tap'
import { loadRoot, listRoots } from '../../src/initramfs/root-spec.js'
import { nativeComponent } from '../../src/native/components.js'
import { projectRoot } from '../../src/paths.js'
import { projects, useProjectFile } from '../../src/project/project.js'
import { searchConfig } from '../../src/targets/file.js'
import { tempDir } from '../helpers/temp.js'

const HELLO = {
  hello: { description: 'a static hello', make: ['CC={cc}'], outputs: { 'usr/local/bin/hello': 'build/hello' } },
}

async function userProject(
  t: Test,
  toml: string,
  root = { description: 'mine', native: ['hello'], scripts: ['guest'] },
) {
  const dir = await tempDir(t, 'vmgate-user-project-')
  for (const sub of ['native/hello', 'roots', 'guest', 'src/deep']) await mkdir(join(dir, sub), { recursive: true })
  await writeFile(join(dir, 'native/hello/components.json'), JSON.stringify(HELLO))
  await writeFile(join(dir, 'roots/helloroot.json'), JSON.stringify(root))
  await writeFile(join(dir, 'vmgate.toml'), toml)
  return dir
}

const TOML = '[project]\nroots = ["roots"]\ncomponents = ["native/hello"]\n'

t.test("vmgate's own checkout is a project; a user's is found from the working directory upward", async (t) => {
  const dir = await userProject(t, TOML)
  const [own, user] = projects(searchConfig(join(dir, 'src/deep')))
  t.match(own, { file: join(projectRoot(), 'vmgate.toml'), own: true })
  t.ok(
    own.roots.includes(join(projectRoot(), 'pkgs/kmod/roots')),
    'the roots of the components under test sit beside them',
  )
  t.match(user, { dir, own: false, roots: [join(dir, 'roots')], components: [join(dir, 'native/hello')] })
  t.same(projects(searchConfig(projectRoot())).length, 1, 'in the checkout, its own project only')
})

t.test("a user's root carries a native component of its own, with scripts from its project", async (t) => {
  const dir = await userProject(t, TOML)
  useProjectFile(join(dir, 'vmgate.toml'))
  t.match(loadRoot('helloroot'), { native: ['hello'], projectDir: dir, buildsAgainstKernel: false })
  t.match(nativeComponent('hello'), { dir: join(dir, 'native/hello') })
  t.ok(listRoots().includes('testroot') && listRoots().includes('helloroot'), 'beside vmgate own roots')
})

t.test('a bad [project] is a usage error naming the key and the fix', async (t) => {
  const missing = await userProject(t, '[project]\nroots = ["nowhere"]\n')
  t.throws(() => projects(join(missing, 'vmgate.toml')), {
    name: 'UsageError',
    message: /project.roots: nowhere is not a directory/,
  })
  const unknown = await userProject(t, '[project]\nroot = ["roots"]\n')
  t.throws(() => projects(join(unknown, 'vmgate.toml')), {
    name: 'UsageError',
    message: /:2: project.root: unknown key 'root'; known: roots/,
  })
  const clash = await userProject(t, '[project]\nroots = ["roots"]\ncomponents = ["native/hello"]\n')
  await writeFile(join(clash, 'roots/testroot.json'), JSON.stringify({ description: 'mine too' }))
  useProjectFile(join(clash, 'vmgate.toml'))
  t.throws(() => loadRoot('testroot'), { name: 'UsageError', message: /root 'testroot' is also declared in/ })
})
