// Every program the toolkit, its tests, scenarios, benches and scripts spawn
// comes from the toolchain table (so `vmgate doctor --install` installs it on
// a fresh machine) or from the base system every Debian 12 has.
import { execa } from 'execa'
import { readdir, readFile } from 'node:fs/promises'
import { join, relative } from 'node:path'
import t from 'tap'
import { projectRoot } from '../../src/paths.js'
import { scanSpawns } from '../../src/toolchain/spawn-scan.js'
import { BASE_PROGRAMS, knownPrograms } from '../../src/toolchain/tools.js'

// pkgs: the components' own TypeScript (their suites, scenarios and benches).
const DIRS = ['ts/src', 'ts/bench', 'ts/scripts', 'ts/test', 'ts/scenarios', 'pkgs']

async function sources(): Promise<Array<{ path: string; text: string }>> {
  const root = projectRoot()
  const files: Array<{ path: string; text: string }> = []
  for (const dir of DIRS) {
    for (const entry of await readdir(join(root, dir), { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || !/\.(ts|mjs|js)$/.test(entry.name)) continue
      const path = join(entry.parentPath ?? entry.path, entry.name)
      if (relative(root, path).split('/').includes('build')) continue
      files.push({ path: relative(root, path), text: await readFile(path, 'utf8') })
    }
  }
  return files
}

t.test('every spawned program is a table entry, node, a project build or a base program', async (t) => {
  const findings = scanSpawns(await sources(), knownPrograms())
  t.same(
    findings.filter((f) => f.problem).map((f) => `${f.file}:${f.line}: ${f.problem}`),
    [],
  )
  t.ok(
    findings.some((f) => f.file === 'ts/test/net/pcap.test.ts' && f.program === 'tool:tcpdump'),
    'the scan sees the pcap test spawn tcpdump',
  )
  t.ok(findings.length > 30, `${findings.length} spawn sites found`)
})

/** The package owning a path (usr-merged systems list some under /bin only), diversions aside. */
async function owner(path: string): Promise<string | undefined> {
  const lines = (await execa('dpkg-query', ['-S', path], { reject: false })).stdout.split('\n')
  return lines.find((line) => !line.startsWith('diversion'))?.split(':')[0] || undefined
}

t.test(
  'each base program comes from a package of Priority required',
  { skip: !(await execa('dpkg-query', ['--version'], { reject: false })).stdout && 'no dpkg here' },
  async (t) => {
    for (const [program, expected] of Object.entries(BASE_PROGRAMS)) {
      const path = (await execa('sh', ['-c', `command -v ${program}`], { reject: false })).stdout.trim()
      t.equal(
        (await owner(path)) ?? (await owner(path.replace(/^\/usr/, ''))),
        expected,
        `${program} (${path}) is from ${expected}`,
      )
      t.equal(
        (await execa('dpkg-query', ['-W', '-f', '${Priority}', expected])).stdout,
        'required',
        `${expected} is Priority required`,
      )
    }
  },
)
