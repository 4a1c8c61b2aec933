// `vmgate sshd-host [--count N]`: boots guest sshd hosts with fresh keys and
// prints how to reach them (and the `vmgate kmod --host` line to test against
// them), then keeps them up until Ctrl-C.
import { join } from 'node:path'
import type { AccelRequest } from '../../../ts/src/vm/accel.js'
import type { Subcommand } from '../../../ts/src/cli/command.js'
import { KMOD_KERNEL } from './live-target.js'
import { oneOf, positiveInt } from '../../../ts/src/cli/parse.js'

interface SshdHostOptions {
  count: number
  memory?: number
  results: string
  accel: AccelRequest
}

export const sshdHostCommand: Subcommand = {
  define: (program) =>
    program
      .command('sshd-host')
      .description(
        "boot guests running the system's sshd (host-root, module kernel) on loopback ports, with fresh keys; up until Ctrl-C",
      )
      .option('--count <n>', 'how many hosts', positiveInt('--count'), 1)
      .option('--memory <mb>', 'guest memory in MiB (builds live in its RAM)', positiveInt('--memory'))
      .option('--results <dir>', 'where the run directory (keys, logs) goes', 'results')
      .option('--accel <accel>', 'auto, kvm or tcg', oneOf('--accel', ['auto', 'kvm', 'tcg'] as const), 'auto'),
  async run({ args, log, signal }) {
    const [options] = args as [SshdHostOptions]
    const [{ startSshHost }, { makeSshKeys }, { Store }, { newRunDir }] = await Promise.all([
      import('../../../ts/src/remote/ssh-host.js'),
      import('../../../ts/src/remote/ssh-keys.js'),
      import('../../../ts/src/store/store.js'),
      import('../../../ts/src/results.js'),
    ])
    const { dir } = await newRunDir(options.results, 'sshd-host-')
    const keys = await makeSshKeys(dir)
    const names = Array.from({ length: options.count }, (_, i) => `host${i}`)
    const store = Store.fromEnv()
    const hosts = await Promise.all(
      names.map(async (name) => {
        const host = await startSshHost({
          name,
          kernel: KMOD_KERNEL,
          keys,
          logDir: join(dir, name),
          store,
          accel: options.accel,
          log,
          signal,
          memoryMb: options.memory,
        })
        process.stdout.write(`${name}: ssh -F ${keys.sshConfig} -p ${host.port} ${host.destination}\n`)
        return host
      }),
    )
    const hostFlags = hosts.map((h) => `--host ${h.label}`).join(' ')
    process.stdout.write(
      `test with: vmgate kmod --ssh-config ${keys.sshConfig} ${hostFlags} TARGETS\nup until Ctrl-C\n`,
    )
    await Promise.race(hosts.map((h) => h.ended))
    await Promise.all(hosts.map((h) => h.stop()))
    return 0
  },
}
