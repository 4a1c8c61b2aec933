// A kernel image the user built (--kernel-image), taken as it is: keyed by its
// bytes and its .config's, so the accel probe and caches tell two images apart.
import { readFile } from 'node:fs/promises'
import type { Kernel } from '../kernel/build.js'
import { parseConfig } from '../kernel/config-check.js'
import { sha256 } from '../store/key.js'
import type { KernelImage } from './spec.js'

export async function imageKernel(image: KernelImage, arch: string): Promise<Kernel> {
  const [bytes, config] = await Promise.all([readFile(image.image), readFile(image.config, 'utf8')])
  const key = sha256(Buffer.concat([bytes, Buffer.from(config)]))
  const modules = parseConfig(config, image.config).get('CONFIG_MODULES') === 'y'
  return { name: image.image, arch, image: image.image, config: image.config, buildTree: '', key, modules }
}
