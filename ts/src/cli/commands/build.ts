import { ExitCode } from '../../errors.js'
import type { Subcommand } from '../command.js'

export const buildCommand: Subcommand = {
  define: (program) =>
    program
      .command('build')
      .description('build (or find in the store) a kernel and the testroot, and print their paths')
      .option('--kernel <name>', 'kernel definition under kernels/', 'microvm')
      .option('--json', 'print the paths as JSON'),
  async run({ args, log }) {
    const options = args[0] as { kernel: string; json?: boolean }
    const [{ prepareGuest }, { Store }] = await Promise.all([import('../../run/prepare.js'), import('../../store/store.js')])
    const { kernel, root } = await prepareGuest(options.kernel, Store.fromEnv(), log)
    const paths = { image: kernel.image, config: kernel.config, buildTree: kernel.buildTree, initramfs: root.path }
    const text = options.json ? JSON.stringify(paths, null, 2) : Object.entries(paths).map(([k, v]) => `${k}: ${v}`).join('\n')
    process.stdout.write(text + '\n')
    return ExitCode.pass
  },
}
