import { ExitCode } from '../../errors.js'
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
    const { diagnose, installCommand, installPackages, missingPackages, renderTable } =
      await import('../../toolchain/doctor.js')
    let rows = await diagnose()
    const anyMissing = () => missingPackages(rows).length + missingPackages(rows, true).length > 0
    if (options.install && anyMissing()) {
      await installPackages(missingPackages(rows), missingPackages(rows, true))
      rows = await diagnose()
    }
    process.stdout.write(options.json ? JSON.stringify(rows, null, 2) + '\n' : renderTable(rows) + '\n')
    if (!anyMissing()) return ExitCode.pass
    process.stderr.write(
      `missing: run 'vmgate doctor --install' as root, or: ${installCommand(missingPackages(rows), missingPackages(rows, true))}\n`,
    )
    return ExitCode.infra
  },
}
