// just nix-lint's checker: it passes on the real tree, and each fault planted
// in a temp copy of the Nix files fails the check that owns it, naming the file.
import { cp, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import t, { type Test } from 'tap'
import { buildProgram } from '../../src/cli/program.js'
import { toolkitReads } from '../../src/nix/env.js'
import { loadCatalog, scenarioListJson } from '../../src/scenario/catalog.js'
import { lintNix, type CheckResult } from '../../src/nix/lint.js'
import { projectRoot } from '../../src/paths.js'
import { tool } from '../../src/toolchain/resolve.js'
import { tempDir } from '../helpers/temp.js'

const root = projectRoot()
// The Nix side, and what nix/default.nix reads from the rest of the tree (vmgate.toml and what it lists).
const NIX_TREE = ['flake.nix', 'flake.lock', 'nix', 'npins', 'kernels', 'roots', 'pkgs', 'package.json', 'vmgate.toml']

async function lint(at: string): Promise<Record<string, CheckResult>> {
  const toolkitVars = await toolkitReads([
    ...['src', 'bench', 'scenarios'].map((dir) => join(root, 'ts', dir)),
    join(root, 'pkgs'),
  ])
  const results = await lintNix({
    root: at,
    program: buildProgram(),
    toolkitVars,
    nixInstantiate: tool('nix-instantiate'),
    scenarioList: scenarioListJson(await loadCatalog()),
  })
  return Object.fromEntries(results.map((r) => [r.name, r]))
}

/** A temp copy of the Nix side with `edit` applied to one file; the edit must change it. */
async function planted(t: Test, file: string, edit: (text: string) => string): Promise<string> {
  const dir = await tempDir(t, 'vmgate-nix-lint-')
  for (const path of NIX_TREE) await cp(join(root, path), join(dir, path), { recursive: true })
  const before = await readFile(join(dir, file), 'utf8')
  const after = edit(before)
  if (after === before) throw new Error(`the planted fault did not change ${file}`)
  await writeFile(join(dir, file), after)
  return dir
}

/** The problems of check `name`, which must fail, along with `also` (a file that doesn't parse doesn't evaluate either) and no other. */
function failedOnly(results: Record<string, CheckResult>, name: string, also: string[] = []): string[] {
  const failing = Object.values(results)
    .filter((r) => r.problems.length > 0)
    .map((r) => r.name)
  const expected = Object.keys(results).filter((n) => n === name || also.includes(n))
  if (failing.join() !== expected.join())
    throw new Error(
      `expected ${expected.join(', ')} to fail, got: ${JSON.stringify(failing)}; ${JSON.stringify(results)}`,
    )
  return results[name].problems
}

t.test('the real tree passes every check', async (t) => {
  const results = await lint(root)
  t.same(Object.keys(results), ['parse', 'env', 'commands', 'eval', 'pins', 'scenarios'])
  for (const result of Object.values(results)) t.same(result.problems, [], `${result.name}: ${result.summary}`)
  t.match(results.commands.summary, /\d+ command lines in nix\/cli\.nix/)
})

t.test(
  'a scenario list that drifted from the catalog fails, naming what is missing and how to regenerate it',
  async (t) => {
    const dir = await planted(
      t,
      'nix/scenarios.json',
      (text) =>
        JSON.stringify(
          JSON.parse(text).filter((s: { name: string }) => s.name !== 'ping-delay'),
          null,
          2,
        ) + '\n',
    )
    t.match(failedOnly(await lint(dir), 'scenarios'), [
      /^nix\/scenarios\.json has drifted from the catalog \(missing ping-delay\); regenerate it: npx vmgate scenario list --json > nix\/scenarios\.json$/,
    ])
  },
)

t.test('a syntax error names the file, line and column', async (t) => {
  const dir = await planted(t, 'nix/words.nix', (text) =>
    text.replace('render = values: argv:', 'render = values: argv: ;'),
  )
  const [problem, ...rest] = failedOnly(await lint(dir), 'parse', ['eval'])
  t.same(rest, [])
  t.match(problem, /^nix\/words\.nix:\d+:\d+: syntax error/)
})

t.test('an undefined name fails the parse too', async (t) => {
  const dir = await planted(t, 'nix/relay.nix', (text) => text.replace('pkgsStatic.openssl', 'pkgsStatik.openssl'))
  t.match(failedOnly(await lint(dir), 'parse', ['eval']), [/^nix\/relay\.nix:\d+:\d+: undefined variable 'pkgsStatik'/])
})

t.test('an app that names a command the CLI lacks fails, naming the app', async (t) => {
  const dir = await planted(t, 'nix/cli.nix', (text) => text.replace('"bench" "tunnel"', '"benchmark" "tunnel"'))
  t.match(failedOnly(await lint(dir), 'commands'), [
    /^nix\/cli\.nix: apps\.bench \(vmgate benchmark tunnel\): 'vmgate' has no command 'benchmark'; it has: .*bench/,
  ])
})

t.test("a value outside an argument's choices fails", async (t) => {
  const dir = await planted(t, 'nix/cli.nix', (text) => text.replace('"live_smoke"', '"live_smok"'))
  t.match(failedOnly(await lint(dir), 'commands'), [
    /^nix\/cli\.nix: apps\.kmod-live_smok .*'live_smok' is not one of /,
  ])
})

t.test('a Nix file that runs the CLI around the table fails', async (t) => {
  const dir = await planted(t, 'nix/run-cli.nix', (text) =>
    text.replace('vmgate ${command}', 'vmgate gc --all\n    vmgate ${command}'),
  )
  t.match(failedOnly(await lint(dir), 'commands'), [
    /^nix\/run-cli\.nix:\d+: runs 'vmgate gc' itself; put the command line in nix\/cli\.nix/,
  ])
})

t.test('exporting a variable the toolkit never reads fails, naming file and line', async (t) => {
  const dir = await planted(t, 'nix/toolchain.nix', (text) =>
    text.replace(
      '  env = guests // {\n',
      '  env = guests // {\n    VMGATE_QEMU_RISCV64 = bin qemu-headless "qemu-system-riscv64";\n',
    ),
  )
  t.match(failedOnly(await lint(dir), 'env'), [
    /^nix\/toolchain\.nix:\d+: exports VMGATE_QEMU_RISCV64, which the toolkit never reads/,
  ])
})

t.test('a shell export of an unknown variable fails too', async (t) => {
  const dir = await planted(t, 'nix/run-cli.nix', (text) =>
    text.replace('export VMGATE_HOME=', 'export VMGATE_CACHE="$TMPDIR"\n    export VMGATE_HOME='),
  )
  t.match(failedOnly(await lint(dir), 'env'), [/^nix\/run-cli\.nix:\d+: exports VMGATE_CACHE/])
})

t.test('files in nix/ that disagree on an argument fail the evaluation', async (t) => {
  const dir = await planted(t, 'nix/default.nix', (text) =>
    text.replace(
      'callPackage ./apps.nix { inherit vmgate toolchain words;',
      'callPackage ./apps.nix { inherit vmgate toolchain;',
    ),
  )
  t.match(failedOnly(await lint(dir), 'eval'), [/^nix\/apps\.nix:\d+:\d+: .*called without required argument 'words'$/])
})

t.test('npins and flake.lock pinning different nixpkgs fails', async (t) => {
  const dir = await planted(t, 'npins/sources.json', (text) =>
    text.replace(/"revision": "\w+"/, `"revision": "${'0'.repeat(40)}"`),
  )
  t.match(failedOnly(await lint(dir), 'pins'), [/^flake\.lock pins nixpkgs \w+, npins\/sources\.json 0{40}$/])
})
