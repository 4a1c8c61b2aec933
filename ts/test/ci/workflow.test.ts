// The documented CI matrix (.github/workflows/scenarios.yml): every vmgate
// command line in it, with the matrix expanded, is one the CLI accepts, the
// shards are 1..N of N with N the matrix's size, and the merge reads each.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import t from 'tap'
import { parse } from 'yaml'
import { buildProgram } from '../../src/cli/program.js'
import { checkArgv } from '../../src/nix/argv.js'
import { projectRoot } from '../../src/paths.js'

interface Job {
  strategy?: { matrix?: Record<string, unknown[]> }
  steps: { run?: string }[]
}

const workflow = async () =>
  parse(await readFile(join(projectRoot(), '.github/workflows/scenarios.yml'), 'utf8')) as { jobs: Record<string, Job> }

/** Each vmgate command of a job, once per matrix combination (a job without a matrix runs once). */
function vmgateLines(job: Job): string[][] {
  const matrix = job.strategy?.matrix ?? {}
  const keys = Object.keys(matrix)
  const combos = keys.reduce<Record<string, unknown>[]>(
    (acc, key) => acc.flatMap((c) => matrix[key].map((v) => ({ ...c, [key]: v }))),
    [{}],
  )
  return combos.flatMap((combo) =>
    job.steps
      .flatMap((step) => (step.run ?? '').split('\n'))
      .filter((line) => /^(sudo )?npx vmgate /.test(line))
      .map((line) => {
        const expanded = line.replace(/\$\{\{\s*matrix\.(\w+)\s*\}\}/g, (_, key: string) => String(combo[key]))
        if (expanded.includes('${{')) throw new Error(`an expression the test cannot expand: ${line}`)
        return expanded
          .replace(/^(sudo )?npx vmgate /, '')
          .trim()
          .split(/\s+/)
      }),
  )
}

t.test('every vmgate command line in the matrix workflow is one the CLI accepts', async (t) => {
  const { jobs } = await workflow()
  const lines = Object.values(jobs).flatMap(vmgateLines)
  t.ok(lines.length >= 5, `${lines.length} command lines`)
  for (const argv of lines) t.equal(checkArgv(buildProgram(), argv), undefined, argv.join(' '))
})

t.test('the shards are 1..N of N, and the merge reads every shard', async (t) => {
  const { jobs } = await workflow()
  const shards = jobs.shard.strategy!.matrix!.shard as number[]
  const runs = vmgateLines(jobs.shard).filter((argv) => argv[0] === 'scenario')
  t.same(
    runs.map((argv) => argv[argv.indexOf('--shard') + 1]),
    shards.map((k) => `${k}/${shards.length}`),
  )
  const [merge] = vmgateLines(jobs.merge).filter((argv) => argv[0] === 'report')
  t.same(
    merge.filter((word) => word.startsWith('shards/')),
    shards.map((k) => `shards/shard-${k}`),
  )
})

t.test('a command line the CLI would refuse is caught', async (t) => {
  t.match(checkArgv(buildProgram(), ['scenario', 'run', '--shard-of', '1/3']), /--shard-of/)
  t.match(checkArgv(buildProgram(), ['report', 'combine', 'a']), /has no command 'combine'/)
})
