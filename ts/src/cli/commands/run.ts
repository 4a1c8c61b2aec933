import type { Command } from 'commander'
import { archNames } from '../../arch/index.js'
import { formatMs } from '../../duration.js'
import { ExitCode, UsageError } from '../../errors.js'
import type { ChannelEvent } from '../../guest/channel.js'
import type { Classification } from '../../guest/classify.js'
import type { GuestRunOptions, GuestRunReport } from '../../run/run-guest.js'
import type { AccelRequest } from '../../vm/accel.js'
import type { CommandContext, Subcommand } from '../command.js'
import { memorySize, nonNegativeInt, oneOf, positiveInt, positiveSeconds } from '../parse.js'
import { nicOption, nicsOf, type NicFlag } from '../nic-option.js'
import { userCodeOf, userCodeOptions, type UserCodeFlags } from '../user-code-options.js'
import { traceMark } from '../../startup-trace.js'

interface RunOptions extends UserCodeFlags {
  kernel?: string
  arch?: string
  root: string
  machine?: string
  cpus?: number
  memory?: number
  iommu?: boolean | string
  hostHugepages?: boolean
  guestHugepages?: number
  timeout: number
  accel: AccelRequest
  keepLogs?: boolean
  json?: boolean
  cold?: boolean
  nic?: NicFlag[]
}

const CONSOLE_TAIL = 40
const OUTPUT_TAIL = 20
// Seeds the MACs of --nic NICs: the same name always gets the same MAC.
const RUN_NICS = 'vmgate-run'

function guestOptions(command: Command): Command {
  return nicOption(userCodeOptions(command))
    .option('--kernel <name>', "kernel definition under kernels/ (default: the machine's, e.g. microvm)")
    .option(
      '--arch <arch>',
      `guest arch: ${archNames().join(' or ')} (default: the kernel's, else x86_64)`,
      oneOf('--arch', archNames()),
    )
    .option('--root <name>', 'root definition under roots/', 'testroot')
    .option(
      '--machine <name>',
      'microvm or q35 (x86_64), virt (aarch64); default: the first that has what the other flags ask for',
    )
    .option('--cpus <n>', 'guest CPUs', positiveInt('--cpus'))
    .option('--memory <size>', 'guest RAM: MiB, or with a unit (512M, 2G); default 256', memorySize('--memory'))
    .option('--iommu [name]', "the machine's vIOMMU (x86_64 q35: intel-iommu)")
    .option('--host-hugepages', 'back guest RAM with host hugepages (the host must have them free)')
    .option('--guest-hugepages <n>', 'hugepages the guest kernel reserves at boot', nonNegativeInt('--guest-hugepages'))
    .option(
      '--accel <accel>',
      'auto, kvm or tcg; auto probes KVM and falls back to TCG',
      oneOf('--accel', ['auto', 'kvm', 'tcg'] as const),
      'auto',
    )
    .option('--cold', 'boot for real: neither restore a snapshot of this guest nor save one')
}

export const runCommand: Subcommand = {
  define: (program) =>
    guestOptions(
      program
        .command('run')
        .description('boot a guest, run CMD in it, print its output and the verdict')
        .argument('<cmd...>', 'the command, after --'),
    )
      .option('--timeout <seconds>', 'deadline for the command (test phase)', positiveSeconds('--timeout'), 60)
      .option('--keep-logs', 'keep the console and channel logs and print where')
      .option('--json', 'print the report as JSON on stdout (command output goes to stderr)'),
  async run({ args, log, signal }: CommandContext) {
    const [command, options] = args as [string[], RunOptions]
    if (command.length === 0) throw new UsageError('run: no command; usage: vmgate run [options] -- CMD...')
    const report = await bootGuest(options, {
      command,
      timeoutMs: options.timeout * 1000,
      accel: options.accel,
      cold: options.cold,
      keepLogs: options.keepLogs,
      signal,
      log,
      onEvent: printOutput(options.json ?? false),
    })
    printVerdict(report, { keptLogs: options.keepLogs ?? false, output: true })
    traceMark('verdict printed')
    if (options.json) process.stdout.write(JSON.stringify(report, null, 2) + '\n')
    return exitCodeFor(report.classification)
  },
}

export const shellCommand: Subcommand = {
  define: (program) =>
    guestOptions(
      program.command('shell').description('boot the same guest with a shell on the console (Ctrl-A X quits)'),
    ),
  async run({ args, log, signal }: CommandContext) {
    const [options] = args as [RunOptions]
    const report = await bootGuest(options, {
      command: [],
      timeoutMs: 1000,
      accel: options.accel,
      debug: true,
      signal,
      log,
    })
    // A shell session has no verdict; only a lab that failed to boot it is reported.
    if (report.classification.kind !== 'infra' && report.classification.kind !== 'timeout') return ExitCode.pass
    printVerdict(report, { keptLogs: false, output: false })
    return exitCodeFor(report.classification)
  },
}

/** Boots the guest both commands describe: its kernel, root, machine, user code and NICs (on links that lead nowhere). */
async function bootGuest(
  options: RunOptions,
  run: Omit<GuestRunOptions, keyof ReturnType<typeof machineOptions> | 'code' | 'nics'>,
): Promise<GuestRunReport> {
  const code = userCodeOf(options)
  const nics = nicsOf(options.nic)
  const { runGuest, Store, withUnlinkedNics } = await runtime()
  traceMark('run modules loaded')
  return withUnlinkedNics(RUN_NICS, nics, (nics) =>
    runGuest({ ...machineOptions(options), code, nics, ...run }, Store.fromEnv()),
  )
}

/** What both commands pass on about the guest's kernel, root and machine. */
function machineOptions(options: RunOptions) {
  const { kernel, arch, root, machine, cpus, memory: memoryMb, iommu, hostHugepages, guestHugepages } = options
  return { kernel, arch, root, machine, cpus, memoryMb, iommu, hostHugepages, guestHugepages }
}

/** Loaded when a guest is about to boot, not at start-up: --help and usage errors stay fast. */
async function runtime() {
  const [{ runGuest }, { Store }, { withUnlinkedNics }] = await Promise.all([
    import('../../run/run-guest.js'),
    import('../../store/store.js'),
    import('../../net/unlinked-nics.js'),
  ])
  return { runGuest, Store, withUnlinkedNics }
}

/** Prints the command's output as it comes over the channel. */
function printOutput(toStderr: boolean) {
  return (event: ChannelEvent) => {
    if (event.event !== 'log') return
    const out = toStderr || event.stream === 'stderr' ? process.stderr : process.stdout
    out.write(event.line + '\n')
  }
}

/**
 * A failure shows both tails, labelled: the console holds the kernel's messages
 * only, the command's own output came over the channel (a shell has none).
 */
function printVerdict(report: GuestRunReport, shown: { keptLogs: boolean; output: boolean }): void {
  const c = report.classification
  const phase = c.kind === 'timeout' ? ` (${c.phase} phase)` : ''
  const total = report.timings.exit ?? report.timings.test
  const timing = (['boot', 'ready', 'test'] as const)
    .flatMap((p) => (report.timings[p] === undefined ? [] : [`${p} ${formatMs(report.timings[p])}`]))
    .join(', ')
  if (c.kind !== 'pass' && c.kind !== 'skip') {
    printTail(
      `console tail (${report.node}, kernel messages)`,
      `${report.node} │`,
      report.consoleTail.slice(-CONSOLE_TAIL),
    )
    if (shown.output)
      printTail(
        `command output tail (${report.node}, stdout and stderr)`,
        `${report.node} ┆`,
        report.outputTail.slice(-OUTPUT_TAIL),
      )
  }
  process.stderr.write(
    `${c.kind.toUpperCase()}${phase} ${report.node} [accel ${report.accel}${report.machine ? `, ${report.machine}` : ''}${report.boot ? `, ${report.boot.mode}` : ''}${total ? `, ${formatMs(total)}` : ''}${timing ? `: ${timing}` : ''}]: ${c.reason}\n`,
  )
  if (shown.keptLogs) process.stderr.write(`logs: ${report.workDir}\n`)
}

function printTail(title: string, prefix: string, lines: string[]): void {
  const body = lines.length > 0 ? lines.map((l) => `${prefix} ${l}`).join('\n') : `${prefix} (nothing)`
  process.stderr.write(`── ${title} ──\n${body}\n`)
}

export function exitCodeFor(c: Classification): number {
  if (c.kind === 'pass' || c.kind === 'skip') return ExitCode.pass
  return c.kind === 'infra' ? ExitCode.infra : ExitCode.testFailed
}
