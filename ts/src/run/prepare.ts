// Plan and build: everything a guest needs before qemu starts, from the store.
import { lowering, type ArchLowering } from '../arch/index.js'
import { buildRoot, type RootImage } from '../initramfs/root.js'
import { loadRoot } from '../initramfs/root-spec.js'
import { buildKernel, type Kernel } from '../kernel/build.js'
import { loadKernel } from '../kernel/spec.js'
import { step, type LogSink } from '../log.js'
import type { Store } from '../store/store.js'
import { imageKernel } from '../usercode/kernel-image.js'
import { checkKernelConfig } from '../usercode/kernel-needs.js'
import { userCodeEntries } from '../usercode/overlay.js'
import { hasUserCode, NO_USER_CODE, type UserCode } from '../usercode/spec.js'

export interface GuestArtifacts {
  arch: ArchLowering
  kernel: Kernel
  root: RootImage
}

/**
 * `code`: the user's files, shares, modules or kernel image; the kernel is checked for what they need.
 */
export async function prepareGuest(
  kernelName: string,
  store: Store,
  log: LogSink,
  rootName = 'testroot',
  code: UserCode = NO_USER_CODE,
): Promise<GuestArtifacts> {
  const spec = loadKernel(kernelName)
  const rootSpec = loadRoot(rootName)
  const arch = lowering(spec.arch)
  const kernel = code.kernelImage
    ? await imageKernel(code.kernelImage, spec.arch)
    : await step(
        log,
        `kernel ${kernelName}`,
        () => buildKernel(spec, store, log),
        (k) => k.key.slice(0, 12),
      )
  if (hasUserCode(code))
    await checkKernelConfig(code.kernelImage ? code.kernelImage.image : `'${kernelName}'`, kernel.config, code)
  const user = await userCodeEntries(code)
  const root = await step(
    log,
    rootName,
    () => buildRoot(rootSpec, arch, store, { kernel, user }),
    (r) => r.key.slice(0, 12),
  )
  return { arch, kernel, root }
}
