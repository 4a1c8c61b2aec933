import { Argument } from 'commander'
import { UsageError } from '../../../ts/src/errors.js'
import type { AccelRequest } from '../../../ts/src/vm/accel.js'
import { CATEGORIES, TARGET_NAMES } from './targets.js'
import type { Subcommand } from '../../../ts/src/cli/command.js'
import { oneOf } from '../../../ts/src/cli/parse.js'

interface KmodOptions {
  category?: string
  host: string[]
  sshConfig?: string
  remoteDir?: string
  wrongExpectation?: string
  results: string
  accel: AccelRequest
}

export const kmodCommand: Subcommand = {
  define: (program) =>
    program
      .command('kmod')
      .description(
        'run tcpstats test targets: the parser on the host (unit, asan, ubsan, memcheck, fuzz, bench, callgrind), the module build (kmod), and live targets in a guest, or all of them on --host machines (plus pkg_setup there); groups: compile-only, live_all, all',
      )
      .addArgument(new Argument('<targets...>', 'targets or groups, run in order').choices(TARGET_NAMES))
      .option('--category <list>', `live_integration categories, comma-separated: ${CATEGORIES.join(', ')}`)
      .option(
        '--host <[user@]host[:port]>',
        'run the targets on this machine over ssh and rsync instead (repeat for several, run at once); live targets load the module there',
        (value: string, previous: string[] = []) => [...previous, value],
        [] as string[],
      )
      .option('--remote-dir <dir>', 'where the sources go on each --host (default ~/.vmgate-kmod)')
      .option('--ssh-config <file>', 'ssh_config for --host instead of ~/.ssh/config (vmgate sshd-host prints one)')
      .option(
        '--wrong-expectation <case>',
        "add 1 to one live case's expected count (category/name): proves a wrong count fails",
      )
      .option('--results <dir>', 'where the run directory goes', 'results')
      .option('--accel <accel>', 'auto, kvm or tcg', oneOf('--accel', ['auto', 'kvm', 'tcg'] as const), 'auto'),
  async run({ args, log, signal }) {
    const [targets, options] = args as [string[], KmodOptions]
    const [{ runSuite }, { Store }] = await Promise.all([
      import('./suite.js'),
      import('../../../ts/src/store/store.js'),
    ])
    const run = await runSuite({
      targets,
      integrationArgs: integrationArgs(options),
      hosts: options.host,
      sshConfig: options.sshConfig,
      remoteDir: options.remoteDir,
      resultsRoot: options.results,
      store: Store.fromEnv(),
      accel: options.accel,
      log,
      signal,
      print: (text) => process.stdout.write(text),
    })
    return run.exitCode
  },
}

function integrationArgs(options: KmodOptions): string[] {
  const args: string[] = []
  if (options.category) {
    const unknown = options.category.split(',').filter((c) => !(CATEGORIES as readonly string[]).includes(c))
    if (unknown.length > 0)
      throw new UsageError(`--category: unknown ${unknown.join(', ')}; known: ${CATEGORIES.join(', ')}`)
    args.push('--category', options.category)
  }
  if (options.wrongExpectation) args.push('--wrong-expectation', options.wrongExpectation)
  return args
}
