import { ExitCode } from '../../errors.js'
import type { Subcommand } from '../command.js'
import { nonNegativeInt } from '../parse.js'

export const gcCommand: Subcommand = {
  define: (program) =>
    program
      .command('gc')
      .description('remove store entries (kernels, roots, snapshots) not used recently, and stale build dirs')
      .option('--older-than <days>', 'remove entries unused for this many days', nonNegativeInt('--older-than'), 14)
      .option('--all', 'remove every entry')
      .option('--snapshots', 'only snapshots (the next run of each shape boots cold and saves a new one)'),
  async run({ args }) {
    const options = args[0] as { olderThan: number; all?: boolean; snapshots?: boolean }
    const { Store } = await import('../../store/store.js')
    const store = Store.fromEnv()
    const { removed, kept } = await store.gc(
      options.all ? 0 : options.olderThan,
      options.snapshots ? 'snapshot' : undefined,
    )
    for (const name of removed) process.stdout.write(`removed ${name}\n`)
    process.stdout.write(`${removed.length} removed, ${kept} kept in ${store.root}\n`)
    return ExitCode.pass
  },
}
