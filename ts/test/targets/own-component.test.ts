// A user's project declares a native component and a root of its own in its
// vmgate.toml's [project], the way vmgate's checkout declares relay and kmod:
// vmgate builds the component static into the store, the root carries it and
// the project's guest programs, and a target and `vmgate run --root` boot it.
import { readFileSync } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import t from 'tap'
import { vmgate } from '../helpers/cli.js'
import { tempDir } from '../helpers/temp.js'

const FILES: Record<string, string> = {
  'native/hello/hello.c':
    '#include <stdio.h>\nint main(void) { puts("hello from a component of my own"); return 0; }\n',
  'native/hello/Makefile': 'build/hello: hello.c\n\tmkdir -p build\n\t$(CC) -static -O2 -o $@ hello.c\n',
  'native/hello/components.json': JSON.stringify({
    hello: { description: 'a static hello', make: ['CC={cc}'], outputs: { 'usr/local/bin/hello': 'build/hello' } },
  }),
  'roots/helloroot.json': JSON.stringify({ description: 'testroot plus hello', native: ['hello'], scripts: ['guest'] }),
  'guest/greet': '#!/bin/sh\necho "greet: $(hello)"\n',
  'vmgate.toml': `[project]
roots = ["roots"]
components = ["native/hello"]

[target.native]
root = "helloroot"
command = "greet"
timeout = 60
`,
}

t.test('a project of its own declares a native component and a root, and boots them', async (t) => {
  const project = await tempDir(t, 'vmgate-own-component-')
  for (const [path, content] of Object.entries(FILES)) {
    await mkdir(join(project, path, '..'), { recursive: true })
    await writeFile(join(project, path), content, { mode: path.startsWith('guest/') ? 0o755 : 0o644 })
  }
  await mkdir(join(project, 'src'))
  const test = await vmgate(['test', '--accel', 'tcg'], {}, join(project, 'src'))
  t.equal(test.exitCode, 0, test.all)
  t.match(test.stdout, /^1 passed, 0 failed$/m)
  const output = readFileSync(join(project, 'results/latest/native/native/output.log'), 'utf8')
  t.match(output, /^greet: hello from a component of my own$/m)
  const run = await vmgate(['run', '--accel', 'tcg', '--root', 'helloroot', '--', 'hello'], {}, join(project, 'src'))
  t.equal(run.exitCode, 0, run.all)
  t.match(run.stdout, /hello from a component of my own/)
  const elsewhere = await vmgate(['run', '--root', 'helloroot', '--', 'hello'], {}, '/')
  t.equal(elsewhere.exitCode, 2, 'outside the project its root is unknown')
  t.match(elsewhere.stderr, /unknown root 'helloroot'/)
})
