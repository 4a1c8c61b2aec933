// Builds a kernel from a named definition: base config, fragments merged with
// the kernel's own merge_config.sh, olddefconfig, the symbol check, then the
// boot image. Cached in the store; reproducible to the byte.
import { copyFile, readFile, writeFile, stat } from 'node:fs/promises'
import { availableParallelism } from 'node:os'
import { join } from 'node:path'
import { hostLowering, lowering, type ArchLowering } from '../arch/index.js'
import { UsageError } from '../errors.js'
import type { LogSink } from '../log.js'
import { runTool } from '../proc.js'
import type { Store } from '../store/store.js'
import { tool } from '../toolchain/resolve.js'
import { describeMismatches, mismatches, parseConfig, type ConfigValues } from './config-check.js'
import type { KernelSpec } from './spec.js'
import { kbuildVars, type KbuildTools } from './kbuild-vars.js'
import { linuxSource } from './source.js'
import { formatMs } from '../duration.js'

// Bump when the recipe below changes in a way that changes its output.
const RECIPE = 1

export interface Kernel {
  name: string
  arch: string
  image: string
  config: string
  buildTree: string
  key: string
  /** CONFIG_MODULES=y: the build tree is ready for out-of-tree modules. */
  modules: boolean
}

// Fixed identity so that the same inputs give the same bytes anywhere.
const REPRODUCIBLE_ENV = {
  KBUILD_BUILD_TIMESTAMP: '1970-01-01 00:00:00 UTC',
  KBUILD_BUILD_USER: 'vmgate',
  KBUILD_BUILD_HOST: 'vmgate',
  KBUILD_BUILD_VERSION: '1',
}

export async function buildKernel(spec: KernelSpec, store: Store, log: LogSink): Promise<Kernel> {
  const arch = lowering(spec.arch)
  const requested = requestedSymbols(spec)
  const source = await linuxSource(store, log)
  const tools = kernelTools(arch)
  // A kernel with modules also leaves its build tree ready for out-of-tree
  // modules (module.lds, Module.symvers); the key says so, other kernels keep theirs.
  const modules = requested.get('CONFIG_MODULES') === 'y'
  // A cross build's host programs come from the host's compiler, so it is an input too.
  const hostCc = tools.hostCc !== tools.cc && { hostCc: await store.fingerprint(tools.hostCc) }
  const inputs = {
    recipe: RECIPE,
    arch: arch.name,
    base: spec.base,
    fragments: spec.fragments,
    source: source.fingerprint,
    cc: await store.fingerprint(tools.cc),
    ...hostCc,
    ...(modules && { moduleTree: 1 }),
  }
  const entry = await store.ensure(
    'kernel',
    inputs,
    async (dir) => {
      const make = new KernelMake(source.dir, join(dir, 'build'), arch, tools, log)
      await make.run([spec.base], 'kernel config')
      await mergeFragments(spec, make, dir)
      await make.run(['olddefconfig'], 'kernel olddefconfig')
      const dropped = mismatches(requested, parseConfig(await readFile(join(make.out, '.config'), 'utf8')))
      if (dropped.length > 0) throw new UsageError(describeMismatches(spec.name, dropped))
      await make.compile([arch.kernelImage.split('/').pop()!, ...(modules ? ['modules'] : [])])
      await copyFile(join(make.out, arch.kernelImage), join(dir, 'image'))
      await copyFile(join(make.out, '.config'), join(dir, 'config'))
    },
    () =>
      log({ kind: 'progress', name: `kernel ${spec.name}`, detail: 'waiting for another build of the same kernel' }),
  )
  const kernel = {
    name: spec.name,
    arch: arch.name,
    image: join(entry.path, 'image'),
    config: join(entry.path, 'config'),
    buildTree: join(entry.path, 'build'),
    key: entry.key,
    modules,
  }
  if (entry.built)
    log({
      kind: 'step',
      name: `kernel ${spec.name} built`,
      ms: 0,
      detail: `${(await stat(kernel.image)).size} bytes, ${kernel.image}`,
    })
  return kernel
}

/** The guest arch's compiler, and the host's for kbuild's own programs. */
export function kernelTools(arch: ArchLowering): KbuildTools {
  return { cc: tool(arch.tools.cc), hostCc: tool(hostLowering().tools.cc) }
}

/** All fragments merged in order: a later fragment overrides an earlier one. */
export function requestedSymbols(spec: KernelSpec): ConfigValues {
  const merged: ConfigValues = new Map()
  for (const fragment of spec.fragments) {
    for (const [symbol, value] of parseConfig(fragment.text, `kernels/fragments/${fragment.name}.config`))
      merged.set(symbol, value)
  }
  return merged
}

async function mergeFragments(spec: KernelSpec, make: KernelMake, dir: string): Promise<void> {
  const files = []
  for (const fragment of spec.fragments) {
    const file = join(dir, `${fragment.name}.config`)
    await writeFile(file, fragment.text)
    files.push(file)
  }
  const script = join(make.src, 'scripts/kconfig/merge_config.sh')
  // -m: merge only; olddefconfig runs next with the arch and output dir we set.
  await runTool('sh', [script, '-m', '-O', make.out, join(make.out, '.config'), ...files], {
    what: 'kernel merge_config.sh',
    cwd: make.src,
    env: make.env(),
  })
}

class KernelMake {
  constructor(
    readonly src: string,
    readonly out: string,
    private arch: ArchLowering,
    private tools: KbuildTools,
    private log: LogSink,
  ) {}

  env(): Record<string, string> {
    return { ...REPRODUCIBLE_ENV, ARCH: this.arch.kernelArch }
  }

  private args(targets: string[]): string[] {
    return ['-C', this.src, `O=${this.out}`, ...kbuildVars(this.arch, this.tools), ...targets]
  }

  async run(targets: string[], what: string): Promise<void> {
    await runTool(tool('make'), this.args(targets), { what, env: this.env() })
  }

  /** Compiles `targets`, reporting progress as a count of build steps. */
  async compile(targets: string[]): Promise<void> {
    const started = performance.now()
    let steps = 0
    let shown = 0
    const jobs = String(availableParallelism())
    await runTool(tool('make'), this.args([`-j${jobs}`, ...targets]), {
      what: 'kernel build',
      env: this.env(),
      onLine: (line) => {
        if (!/^\s{2}[A-Z]/.test(line)) return
        steps++
        const now = performance.now()
        if (now - shown < 2000) return
        shown = now
        this.log({
          kind: 'progress',
          name: 'kernel build',
          detail: `${steps} steps, ${formatMs(now - started)}, now ${line.trim()}`,
        })
      },
    })
  }
}
