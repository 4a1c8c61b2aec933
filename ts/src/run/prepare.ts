// Plan and build: everything a guest needs before qemu starts, from the store.
import { lowering, type ArchLowering } from '../arch/index.js'
import { buildRoot, type RootImage } from '../initramfs/root.js'
import { loadRoot } from '../initramfs/root-spec.js'
import { buildKernel, type Kernel } from '../kernel/build.js'
import { loadKernel } from '../kernel/spec.js'
import { commandFile } from '../guest/params.js'
import { step, type LogSink } from '../log.js'
import type { Store } from '../store/store.js'

export interface GuestArtifacts {
  arch: ArchLowering
  kernel: Kernel
  root: RootImage
}

/** `commands`: what the guests will run; those too long for the kernel command line go into the root as files. */
export async function prepareGuest(kernelName: string, store: Store, log: LogSink, rootName = 'testroot', commands: string[][] = []): Promise<GuestArtifacts> {
  const payload = Object.fromEntries(commands.map(commandFile).filter((f) => f !== undefined).map((f) => [f.path, f.data]))
  const spec = loadKernel(kernelName)
  const rootSpec = loadRoot(rootName)
  const arch = lowering(spec.arch)
  const kernel = await step(log, `kernel ${kernelName}`, () => buildKernel(spec, store, log), (k) => k.key.slice(0, 12))
  const root = await step(log, rootName, () => buildRoot(rootSpec, arch, store, { payload, kernel }), (r) => r.key.slice(0, 12))
  return { arch, kernel, root }
}
