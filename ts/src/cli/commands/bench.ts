import { Argument } from 'commander'
import { resolve } from 'node:path'
import { InfraError, Interrupted, isVmgateError } from '../../errors.js'
import type { Subcommand } from '../command.js'
import { positiveInt } from '../parse.js'

// Loaded on demand: a bench pulls in scenarios and zx that no other command needs.
const BENCHES = {
  tunnel: () => import('../../../bench/tunnel.js'),
  boot: () => import('../../../bench/boot.js'),
  topology: () => import('../../../bench/topology.js'),
  relay: () => import('../../../bench/relay.js'),
  'host-root': () => import('../../../bench/host-root.js'),
  xdp: () => import('../../../bench/xdp.js'),
  image: () => import('../../../bench/image.js'),
}

export const benchCommand: Subcommand = {
  define: (program) =>
    program
      .command('bench')
      .description(
        'measure, side by side in one run: tunnel (relay vs direct), boot (cold, restored and raw qemu), topology (emulated vs direct link), relay (relayd vs direct and socat), host-root (--host-root vs our initramfs), xdp (relayd in XDP vs in userspace, packets/s), image (a trixie image through the Machine API vs raw qemu)',
      )
      .addArgument(new Argument('<name>', 'which benchmark').choices(Object.keys(BENCHES)))
      .option('--runs <n>', 'runs per measured path (default: per bench)', positiveInt('--runs'))
      .option('--results <dir>', 'where tunnel writes bench-<timestamp>.json and bench-latest.json', 'results'),
  async run({ args, signal }) {
    const [name, options] = args as [keyof typeof BENCHES, { runs?: number; results: string }]
    const { bench } = await BENCHES[name]()
    try {
      return await bench({ runs: options.runs, results: resolve(options.results), cli: process.argv[1], signal })
    } catch (error) {
      // A measured run that failed, or a missing tool: the lab, not a test, said no.
      if (error instanceof Interrupted || isVmgateError(error)) throw error
      throw new InfraError(`bench ${name}: ${(error as Error)?.message ?? error}`)
    }
  },
}
