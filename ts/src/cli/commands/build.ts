import { Option } from 'commander'
import { cp, mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { ExitCode } from '../../errors.js'
import type { LogSink } from '../../log.js'
import type { Store } from '../../store/store.js'
import type { Subcommand } from '../command.js'

interface BuildOptions {
  kernel: string
  root: string
  only?: 'kernel' | 'root'
  out?: string
  json?: boolean
}

/** What a build leaves, by name: files, and the kernel's build tree (a directory). */
type Artifacts = Record<string, string>

/** Where `--out` puts each artifact, under the directory given. */
const OUT_NAMES: Record<string, string> = {
  image: 'image',
  config: 'config',
  buildTree: 'build',
  initramfs: 'initramfs.cpio',
}

export const buildCommand: Subcommand = {
  define: (program) =>
    program
      .command('build')
      .description('build (or find in the store) a kernel and a root, and print their paths')
      .option('--kernel <name>', 'kernel definition under kernels/', 'microvm')
      .option(
        '--root <name>',
        "root definition (NAME.json in a directory a vmgate.toml's project.roots lists)",
        'testroot',
      )
      .addOption(
        new Option(
          '--only <what>',
          'just the kernel, or just the root (a root that carries a module still builds its kernel)',
        ).choices(['kernel', 'root']),
      )
      .option(
        '--out <dir>',
        'copy the artifacts into DIR (image, config, build/, initramfs.cpio) and print those paths',
      )
      .option('--json', 'print the paths as JSON'),
  async run({ args, log }) {
    const options = args[0] as BuildOptions
    const { Store } = await import('../../store/store.js')
    const built = await build(options, Store.fromEnv(), log)
    const paths = options.out ? await copyOut(built, options.out) : built
    const text = options.json
      ? JSON.stringify(paths, null, 2)
      : Object.entries(paths)
          .map(([k, v]) => `${k}: ${v}`)
          .join('\n')
    process.stdout.write(text + '\n')
    return ExitCode.pass
  },
}

async function build(options: BuildOptions, store: Store, log: LogSink): Promise<Artifacts> {
  const [{ loadKernel }, { buildKernel }, { loadRoot }, { buildRoot }, { lowering }, { step }] = await Promise.all([
    import('../../kernel/spec.js'),
    import('../../kernel/build.js'),
    import('../../initramfs/root-spec.js'),
    import('../../initramfs/root.js'),
    import('../../arch/index.js'),
    import('../../log.js'),
  ])
  const spec = loadKernel(options.kernel)
  const rootSpec = options.only === 'kernel' ? undefined : loadRoot(options.root)
  // A root that carries a module builds it against the guest's kernel.
  const needsKernel = options.only !== 'root' || rootSpec!.buildsAgainstKernel
  const kernel = needsKernel
    ? await step(
        log,
        `kernel ${spec.name}`,
        () => buildKernel(spec, store, log),
        (k) => k.key.slice(0, 12),
      )
    : undefined
  const paths: Artifacts = {}
  if (kernel && options.only !== 'root')
    Object.assign(paths, { image: kernel.image, config: kernel.config, buildTree: kernel.buildTree })
  if (rootSpec) {
    const root = await step(
      log,
      rootSpec.name,
      () => buildRoot(rootSpec, lowering(spec.arch), store, { kernel }),
      (r) => r.key.slice(0, 12),
    )
    paths.initramfs = root.path
  }
  return paths
}

/** Copies each artifact out of the store (symlinks in the build tree kept as they are). */
async function copyOut(paths: Artifacts, dir: string): Promise<Artifacts> {
  await mkdir(dir, { recursive: true })
  const copied: Artifacts = {}
  for (const [name, path] of Object.entries(paths)) {
    copied[name] = join(dir, OUT_NAMES[name])
    await cp(path, copied[name], { recursive: true, verbatimSymlinks: true })
  }
  return copied
}
