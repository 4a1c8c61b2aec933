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
    const { diagnose, installPackages, missingPackages, renderTable } = await import('../../toolchain/doctor.js')
    let rows = await diagnose()
    if (options.install && missingPackages(rows).length > 0) {
      await installPackages(missingPackages(rows))
      rows = await diagnose()
    }
    process.stdout.write(options.json ? JSON.stringify(rows, null, 2) + '\n' : renderTable(rows) + '\n')
    const missing = missingPackages(rows)
    if (missing.length === 0) return ExitCode.pass
    process.stderr.write(`missing: run 'vmgate doctor --install' as root, or: apt-get install -y ${missing.join(' ')}\n`)
    return ExitCode.infra
  },
}
