// The README's worked example, for real: a project outside the checkout with a
// C program compiled on the host, a .ko built against the microvm-kmod build
// tree, and a vmgate.toml with three targets. One passes, one fails on purpose,
// one loads the module and reads what it exposes.
import { execa } from 'execa'
import { existsSync, readFileSync } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import t from 'tap'
import { tool } from '../../src/toolchain/resolve.js'
import { vmgate } from '../helpers/cli.js'
import { tempDir } from '../helpers/temp.js'

const HELLO_C =
  '#include <stdio.h>\nint main(int argc, char **argv) { printf("hello from the guest\\n"); return argc > 1 ? 3 : 0; }\n'
const GREET_C = `#include <linux/module.h>
static char *greeting = "hello from greet.ko";
module_param(greeting, charp, 0444);
static int __init greet_init(void) { return 0; }
module_init(greet_init);
MODULE_LICENSE("GPL");
`
const REFUSE_C = `#include <linux/module.h>
static int __init refuse_init(void) { pr_err("refuse: not loading, on purpose\\n"); return -EINVAL; }
module_init(refuse_init);
MODULE_LICENSE("GPL");
`
const TOML = `# Three targets: one passes, one fails on purpose, one loads a module.
[target.hello]
files = ["build/hello"]
command = ["./hello"]
timeout = 30

[target.fails]
description = "exits 3 on purpose"
files = ["build/hello"]
command = "./hello --fail"

[target.module]
kernel = "microvm-kmod"
modules = ["greet/greet.ko"]
command = "grep -x 'hello from greet.ko' /sys/module/greet/parameters/greeting"
`

/** Builds an out-of-tree module in `dir` against the microvm-kmod build tree that `vmgate build --json` names. */
export async function buildModule(dir: string, name: string, source: string): Promise<string> {
  const built = await vmgate(['build', '--kernel', 'microvm-kmod', '--only', 'kernel', '--json'])
  if (built.exitCode !== 0) throw new Error(built.all)
  await mkdir(dir, { recursive: true })
  await writeFile(join(dir, `${name}.c`), source)
  await writeFile(join(dir, 'Kbuild'), `obj-m := ${name}.o\n`)
  await execa(tool('make'), ['-C', JSON.parse(built.stdout).buildTree, `M=${dir}`, 'modules'])
  return join(dir, `${name}.ko`)
}

t.test('vmgate test in a project of its own: 2 passed, 1 failed, exit 1, and reports', async (t) => {
  const project = await tempDir(t, 'vmgate-project-')
  await mkdir(join(project, 'build'))
  await writeFile(join(project, 'hello.c'), HELLO_C)
  await execa(tool('cc-x86_64'), ['-O2', '-o', join(project, 'build/hello'), join(project, 'hello.c')])
  await buildModule(join(project, 'greet'), 'greet', GREET_C)
  await writeFile(join(project, 'vmgate.toml'), TOML)
  await mkdir(join(project, 'src'))
  const run = await vmgate(['test', '--accel', 'tcg'], {}, join(project, 'src'))
  t.equal(run.exitCode, 1, run.all)
  t.match(run.stdout, /^2 passed, 1 failed$/m)
  t.match(run.stderr, /fails: expected pass, got fail: exit status 3/)
  const latest = join(project, 'results/latest')
  const summary = JSON.parse(readFileSync(join(latest, 'summary.json'), 'utf8'))
  t.same(summary.scenarios.map((s: { name: string; status: string }) => [s.name, s.status]).sort(), [
    ['fails', 'fail'],
    ['hello', 'pass'],
    ['module', 'pass'],
  ])
  t.ok(existsSync(join(latest, 'junit.xml')), 'junit.xml')
  t.match(readFileSync(join(latest, 'hello/hello/output.log'), 'utf8'), /hello from the guest/)
})

t.test("a module that fails to load fails its target with the kernel's reason", async (t) => {
  const project = await tempDir(t, 'vmgate-project-')
  await buildModule(join(project, 'refuse'), 'refuse', REFUSE_C)
  const run = await vmgate(
    ['run', '--accel', 'tcg', '--kernel', 'microvm-kmod', '--module', 'refuse/refuse.ko', '--', 'true'],
    {},
    project,
  )
  t.equal(run.exitCode, 1, run.all)
  t.match(
    run.stderr,
    /^FAIL node .*module \/lib\/modules\/vmgate\/0-refuse.ko did not load: Invalid argument; dmesg: refuse: not loading, on purpose$/m,
  )
})
