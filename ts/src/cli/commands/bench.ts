import { Argument } from 'commander'
import { resolve } from 'node:path'
import { InfraError, Interrupted, isVmgateError } from '../../errors.js'
import type { Bench } from '../../project/extension.js'
import { bundledBenches } from '../../project/extensions.js'
import type { Subcommand } from '../command.js'
import { positiveInt } from '../parse.js'

// Loaded on demand: a bench pulls in scenarios and zx that no other command
// needs. The lab's own, then those of the bundled extensions (the components').
const BENCHES: Record<string, Bench> = {
  boot: { description: 'cold, restored and raw qemu', load: () => import('../../../bench/boot.js') },
  topology: { description: 'emulated vs direct link', load: () => import('../../../bench/topology.js') },
  'host-root': { description: '--host-root vs our initramfs', load: () => import('../../../bench/host-root.js') },
  image: {
    description: 'a trixie image through the Machine API vs raw qemu',
    load: () => import('../../../bench/image.js'),
  },
  ...bundledBenches(),
}

export const benchCommand: Subcommand = {
  define: (program) =>
    program
      .command('bench')
      .description(
        `measure, side by side in one run: ${Object.entries(BENCHES)
          .map(([name, { description }]) => `${name} (${description})`)
          .join(', ')}`,
      )
      .addArgument(new Argument('<name>', 'which benchmark').choices(Object.keys(BENCHES)))
      .option('--runs <n>', 'runs per measured path (default: per bench)', positiveInt('--runs'))
      .option('--results <dir>', 'where tunnel writes bench-<timestamp>.json and bench-latest.json', 'results'),
  async run({ args, signal }) {
    const [name, options] = args as [string, { runs?: number; results: string }]
    const { bench } = await BENCHES[name].load()
    try {
      return await bench({ runs: options.runs, results: resolve(options.results), cli: process.argv[1], signal })
    } catch (error) {
      // A measured run that failed, or a missing tool: the lab, not a test, said no.
      if (error instanceof Interrupted || isVmgateError(error)) throw error
      throw new InfraError(`bench ${name}: ${(error as Error)?.message ?? error}`)
    }
  },
}
