import t from 'tap'
import { scanSpawns, type Finding } from '../../src/toolchain/spawn-scan.js'

const known = {
  tools: new Set(['tcpdump', 'make', 'qemu-x86_64']),
  programs: new Set(['tcpdump', 'make', 'qemu-system-x86_64', 'sh']),
}
const scan = (lines: string[], path = 'a.ts') => scanSpawns([{ path, text: lines.join('\n') }], known)
/** Each finding's program, or the first word of its problem (a quoted name, or `cannot`). */
const verdicts = (findings: Finding[]) => findings.map((f) => f.program ?? f.problem!.split(' ')[0])
const problems = (findings: Finding[]) =>
  findings.filter((f) => f.problem).map((f) => `${f.file}:${f.line} ${f.problem}`)

t.test('table tools, node itself and base programs pass', async (t) => {
  const findings = scan([
    "await execa(tool('tcpdump'), ['-nr', file])",
    'spawn(process.execPath, [cli])',
    "runTool('sh', [script], { what: 'x' })",
    'execaNode(entry(), [config])',
    "execFileSync('make', ['-C', dir])",
  ])
  t.same(
    findings.map((f) => f.program),
    ['tool:tcpdump', 'node', 'sh', 'node', 'make'],
  )
  t.same(problems(findings), [])
})

t.test('an unknown program, an unknown tool and a hard-coded path are reported with file:line', async (t) => {
  const findings = scan(
    [
      "// a comment: execa('ignored')",
      "await execa('tshark', ['-r', f])",
      "spawn(tool('wireshark'), [])",
      "execa('/usr/sbin/tcpdump', [])",
    ],
    'ts/test/x.test.ts',
  )
  t.match(problems(findings), [
    /^ts\/test\/x\.test\.ts:2 'tshark' is not in the toolchain table/,
    /^ts\/test\/x\.test\.ts:3 tool\('wireshark'\) is not in the toolchain table/,
    /^ts\/test\/x\.test\.ts:4 '\/usr\/sbin\/tcpdump' is a hard-coded path/,
  ])
  t.equal(findings.length, 3, 'the commented-out call is none')
})

t.test('zx templates: the first word, or the value interpolated first', async (t) => {
  const findings = scan([
    'await $`tcpdump -nr ${file}`',
    'await $({ env })`nodejs ${cli} build`',
    'const argv = [process.execPath, cli]',
    'await $`${argv}`',
    'await $`${raw} </dev/null`',
  ])
  t.same(verdicts(findings), ['tcpdump', "'nodejs'", 'node', 'cannot'])
  t.same(
    findings.map((f) => f.line),
    [1, 2, 4, 5],
  )
})

t.test('a shell string: its first word; a string inside a template or regex is no call', async (t) => {
  const findings = scan([
    "execSync('gdb -batch ./a.out')",
    'const s = `x=$(seq 1 3) exec(foo)`',
    "const m = /spawn('x')/.exec(line)",
  ])
  t.match(problems(findings), [/:1 'gdb' is not in the toolchain table/])
  t.equal(findings.length, 1)
})

t.test('identifiers are traced to their const, to a promisify alias, and through wrappers', async (t) => {
  const findings = scan([
    'const run = promisify(execFile)',
    "const tcpdump = tool('tcpdump')",
    "await run(tcpdump, ['-r', f])",
    'async function version(file: string, args: string[]) { return execa(file, args) }',
    "await version(tool('make'), ['--version'])",
    "await version('strace', ['-V'])",
    'class Proc { static start(cmd: string, argv: string[]) { return spawn(cmd, argv) } }',
    "Proc.start('valgrind', [])",
  ])
  t.same(verdicts(findings), ['tool:tcpdump', 'tool:make', "'strace'", "'valgrind'"])
  t.same(
    findings.map((f) => f.line),
    [3, 5, 6, 8],
  )
})

t.test('the nearest binding wins: a parameter shadows a const of the same name', async (t) => {
  const findings = scan([
    "const bin = 'nope'",
    'function run(bin: string) { return execa(bin, []) }',
    "run(tool('make'))",
  ])
  t.same(
    findings.map((f) => f.program),
    ['tool:make'],
  )
})

t.test('an exported wrapper is checked in other files, a local one only in its own', async (t) => {
  const findings = scanSpawns(
    [
      {
        path: 'src/run.ts',
        text: 'export function runIt(file: string) { return execa(file, []) }\nfunction local(file: string) { return execa(file, []) }',
      },
      { path: 'src/use.ts', text: "import { runIt } from './run.js'\nrunIt('perf')\nlocal('perf')" },
    ],
    known,
  )
  t.match(problems(findings), [/^src\/use\.ts:2 'perf' is not in the toolchain table/])
  t.equal(problems(findings).length, 1, 'local() is no wrapper outside src/run.ts')
})

t.test('programs this project builds: paths from projectRoot() or import.meta, also through imports', async (t) => {
  const findings = scanSpawns(
    [
      {
        path: 'test/harness.ts',
        text: "export const DIR = path.resolve(import.meta.dirname, '../pkgs/relay')\nexport function relayd() { return path.join(DIR, 'build/relayd') }",
      },
      {
        path: 'test/a.test.ts',
        text: "import { relayd, DIR } from './harness.js'\nspawn(relayd(), [])\nspawn(join(DIR, 'x'), [])\nconst BIN = (n: string) => join(projectRoot(), n)\nspawn(BIN('y'), [])\nspawn(found.path, [])",
      },
    ],
    known,
  )
  t.same(
    findings.map((f) => f.program ?? 'problem'),
    ['project', 'project', 'project', 'problem'],
  )
  t.match(problems(findings), [/^test\/a\.test\.ts:6 cannot tell what `found\.path` runs/])
})

t.test('a // spawns: pragma names what an untraceable call runs, and is itself checked', async (t) => {
  const findings = scan([
    '// spawns: qemu-x86_64 (the argv the harness used)',
    'await $`${raw}`',
    'execa(found.path, []) // spawns: table',
    'execa(x, []) // spawns: gdb',
  ])
  t.same(verdicts(findings), ['qemu-x86_64', 'table', "'gdb'"])
})
