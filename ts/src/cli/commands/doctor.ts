import { ExitCode, UsageError } from '../../errors.js'
import type { Subcommand } from '../command.js'

export const doctorCommand: Subcommand = {
  define: (program) =>
    program
      .command('doctor')
      .description('show every tool vmgate uses: where it was found, its version, or how to install it')
      .option('--install', 'apt-get install the missing Debian packages (needs root)')
      .option('--json', 'print the table as JSON'),
  async run({ args }) {
    const options = args[0] as { install?: boolean; json?: boolean }
    const { applySetup, diagnose, installCommand, installPackages, missingPackages, renderTable, setupRows } =
      await import('../../toolchain/doctor.js')
    const users = await declaredUsers()
    let rows = await diagnose(process.env, users)
    let setup = setupRows()
    const packagesMissing = () => missingPackages(rows).length + missingPackages(rows, true).length > 0
    const setupMissing = () => setup.filter((r) => r.status === 'missing')
    if (options.install && (packagesMissing() || setupMissing().length > 0)) {
      await installPackages(missingPackages(rows), missingPackages(rows, true))
      await applySetup(setup)
      rows = await diagnose(process.env, users)
      setup = setupRows()
    }
    const all = [...rows, ...setup]
    process.stdout.write(options.json ? JSON.stringify(all, null, 2) + '\n' : renderTable(all) + '\n')
    if (!packagesMissing() && setupMissing().length === 0) return ExitCode.pass
    if (packagesMissing())
      process.stderr.write(
        `missing: run 'vmgate doctor --install' as root, or: ${installCommand(missingPackages(rows), missingPackages(rows, true))}\n`,
      )
    for (const row of setupMissing())
      process.stderr.write(`not set up: ${row.name}: ${row.fix} (or 'vmgate doctor --install' as root)\n`)
    return ExitCode.infra
  },
}

/** Which components and roots name each tool; a broken declaration leaves the column generic, the table still whole. */
async function declaredUsers(): Promise<Map<string, string[]>> {
  const { toolUsers } = await import('../../project/tool-users.js')
  try {
    return toolUsers()
  } catch (error) {
    if (!(error instanceof UsageError)) throw error
    process.stderr.write(`note: ${error.message}\n`)
    return new Map()
  }
}
