// The kernel source tree: VMGATE_LINUX_SRC may name a directory (used as is)
// or a tarball; Debian's linux-source tarball is the default. Tarballs are
// unpacked once into the store.
import { statSync } from 'node:fs'
import type { LogSink } from '../log.js'
import { step } from '../log.js'
import { runTool } from '../proc.js'
import type { Store } from '../store/store.js'
import { tool } from '../toolchain/resolve.js'

export interface LinuxSource {
  dir: string
  fingerprint: string
}

export async function linuxSource(store: Store, log: LogSink): Promise<LinuxSource> {
  const path = tool('linux-src')
  if (statSync(path).isDirectory()) return { dir: path, fingerprint: `dir:${path}` }
  const fingerprint = await store.fingerprint(path)
  const entry = await store.ensure('linux-src', { tarball: fingerprint }, (dir) =>
    step(log, 'unpack kernel source', async () => {
      await runTool('tar', ['-xf', path, '-C', dir, '--strip-components=1'], { what: 'unpack kernel source' })
    }),
  )
  return { dir: entry.path, fingerprint }
}
