import { appendFile, cp, mkdir, writeFile } from 'node:fs/promises'
import { join, relative } from 'node:path'
import t from 'tap'
import { isBuildOutput, notInputs, sourceHashes } from '../../src/native/build.js'
import { nativeComponent } from '../../src/native/components.js'
import { projectRoot } from '../../src/paths.js'
import { Store } from '../../src/store/store.js'
import { tempDir } from '../helpers/temp.js'

t.test("a component's key covers every source file, build output aside", async (t) => {
  const source = join(projectRoot(), 'pkgs/kmod')
  const copy = await tempDir(t, 'vmgate-native-key-')
  await cp(source, copy, { recursive: true, filter: (path) => !isBuildOutput(relative(source, path)) })
  const store = new Store(await tempDir(t, 'vmgate-native-store-'))
  const before = await sourceHashes(copy, store)
  t.ok(before['module/Kbuild'] && before['filter/scripts/run.sh'], 'Kbuild and the test scripts are keyed')

  await mkdir(join(copy, 'build/module'), { recursive: true })
  await writeFile(join(copy, 'build/module/tcpstats.ko'), 'stale')
  await writeFile(join(copy, 'filter/filter.o'), 'object')
  t.same(await sourceHashes(copy, store), before, 'build output and objects are not inputs')

  await appendFile(join(copy, 'module/Kbuild'), '\nccflags-y += -DEDITED\n')
  const after = await sourceHashes(copy, store)
  t.not(after['module/Kbuild'], before['module/Kbuild'], 'a Kbuild-only edit changes the key')
  t.same(Object.keys(after), Object.keys(before))
})

t.test("what a declaration's notSources names is no input: its TypeScript and roots change no key", async (t) => {
  const skip = notInputs(nativeComponent('kmod'))
  const copy = await tempDir(t, 'vmgate-native-key-')
  await cp(join(projectRoot(), 'pkgs/kmod'), copy, { recursive: true, filter: (path) => !isBuildOutput(path) })
  const store = new Store(await tempDir(t, 'vmgate-native-store-'))
  const before = await sourceHashes(copy, store, skip)
  t.ok(before['module/Kbuild'], 'the module is keyed')
  t.notOk(
    Object.keys(before).some((path) => /^(ts|roots)\//.test(path)),
    'its suite runner and roots are not',
  )
  await appendFile(join(copy, 'ts/suite.ts'), '\n// edited\n')
  await writeFile(join(copy, 'roots/another.json'), '{}')
  t.same(await sourceHashes(copy, store, skip), before)
})
