// inVm: a tap subtest whose body runs inside a guest. On the host it boots a
// guest with the host's / (--host-root) that runs this same test file with the
// host's node, and tap reads the guest's TAP (which reaches the host over the
// channel, as the command's output) as that subtest's result: an assertion that
// fails in the guest fails here with the guest's message and location. In the
// guest (VMGATE_IN_VM names the subtest) the body runs for real.
import { join } from 'node:path'
import * as z from 'zod'
import { NicsSpec } from '../net/nic.js'
import { projectRoot } from '../paths.js'

const Options = z.strictObject({
  /** The subtest's name; unique in its file, as the guest picks the body by it. */
  name: z.string().min(1).optional(),
  kernel: z.string().default('microvm'),
  root: z.string().default('testroot'),
  cpus: z.number().int().min(1).max(16).optional(),
  memory: z.number().int().min(64).optional(),
  /** NIC name → its addresses, or { addresses, model }, as a scenario node's; their links lead nowhere. */
  nics: NicsSpec.default({}),
  /**
   * Seconds for the guest's command: node and the test's modules load over 9p
   * under TCG, which took 126 s for one test on a loaded 2-core host.
   */
  timeout: z.number().positive().default(300),
})

export type InVmOptions = z.input<typeof Options>

/** What inVm needs of tap's Test: subtests, and a spawned process read as one. */
interface TapTest {
  test(name: string, body: (t: TapTest) => unknown): Promise<unknown>
  spawn(
    cmd: string,
    args: string[],
    options: { env: NodeJS.ProcessEnv; stdio?: unknown },
    name: string,
  ): Promise<unknown>
}

export const GUEST_ENV = 'VMGATE_IN_VM'
let calls = 0

export function inVm<T extends TapTest>(t: T, options: InVmOptions, body: (t: T) => unknown): Promise<unknown> {
  if (typeof t?.test !== 'function' || typeof t?.spawn !== 'function')
    throw new TypeError("inVm: the first argument must be a tap test ('t'): call it inside a tap test file")
  if (typeof body !== 'function') throw new TypeError('inVm: the third argument is the body, (t) => { ... }')
  const parsed = Options.safeParse(options ?? {})
  if (!parsed.success)
    throw new TypeError(
      `inVm: ${z.prettifyError(parsed.error).replace(/\n/g, ' ')}; options are ${Object.keys(Options.shape).join(', ')}`,
    )
  const opts = parsed.data
  const name = opts.name ?? `in vm #${++calls}`
  const inGuest = process.env[GUEST_ENV]
  if (inGuest !== undefined) return inGuest === name ? t.test(name, body as (t: TapTest) => unknown) : Promise.resolve()
  return t.spawn(
    process.execPath,
    guestArgs(name, opts),
    { env: { ...process.env } },
    `${name} (in a guest: ${opts.kernel}, --host-root)`,
  )
}

/**
 * Node flags for the test file in the guest. Not the runner's own execArgv: tap's
 * loaders (coverage, processinfo, mocks) hang a guest. A TypeScript file gets
 * tsx, as tap gives it on the host, resolved from the working directory.
 */
export function guestNodeFlags(file: string): string[] {
  return /\.[mc]?ts$/.test(file) ? ['--enable-source-maps', '--import', 'tsx'] : ['--enable-source-maps']
}

/** vmgate run --host-root, running this test file with this node, the subtest named in the environment. */
export function guestArgs(name: string, opts: z.output<typeof Options>): string[] {
  const file = process.argv[1]
  const machineFlags = [
    ...(opts.cpus ? ['--cpus', String(opts.cpus)] : []),
    ...(opts.memory ? ['--memory', String(opts.memory)] : []),
    ...Object.entries(opts.nics).flatMap(([nic, { addresses, model }]) => [
      '--nic',
      [`${nic}=${addresses.join(',')}`, `model=${model}`].join(','),
    ]),
  ]
  return [
    join(projectRoot(), 'dist/vmgate.mjs'),
    'run',
    '--host-root',
    '--kernel',
    opts.kernel,
    '--root',
    opts.root,
    '--timeout',
    String(opts.timeout),
    ...machineFlags,
    '--',
    'env',
    '-C',
    process.cwd(),
    `${GUEST_ENV}=${name}`,
    'TAP_COLOR=0',
    process.execPath,
    ...guestNodeFlags(file),
    file,
  ]
}
