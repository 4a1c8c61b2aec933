import { mkdir, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { exitCodeFor } from '../../errors.js'
import type { CommandContext, Subcommand } from '../command.js'

export const reportCommand: Subcommand = {
  define: (program) =>
    program
      .command('report')
      .description('work with scenario reports')
      .command('merge')
      .description(
        "merge the summary.json of several runs (a CI matrix's shards) into one report, with one closing line",
      )
      .argument('<dirs...>', 'results dirs, each with a summary.json')
      .option('--out <dir>', 'where the merged summary.json and junit.xml go', 'results/merged'),
  async run({ args }: CommandContext) {
    const [dirs, options] = args as [string[], { out: string }]
    const [{ mergeSummaries }, report] = await Promise.all([
      import('../../scenario/merge.js'),
      import('../../scenario/report.js'),
    ])
    const merged = await mergeSummaries(dirs.map((dir) => resolve(dir)))
    const out = resolve(options.out)
    await mkdir(out, { recursive: true })
    await writeFile(
      join(out, 'summary.json'),
      report.renderSummary({ runId: 'merged', mergedFrom: merged.runIds }, merged.outcomes),
    )
    await writeFile(join(out, 'junit.xml'), report.junitXml(merged.outcomes))
    for (const outcome of merged.outcomes.filter((o) => o.status !== 'pass'))
      process.stderr.write(`${outcome.name}: ${report.describeOutcome(outcome)}\n`)
    process.stderr.write(`merged ${dirs.length} reports into ${out}\n`)
    process.stdout.write(report.closingLines(merged.outcomes).join('\n') + '\n')
    return exitCodeFor(merged.outcomes.map((o) => ({ failed: o.status !== 'pass', infra: o.infra })))
  },
}
