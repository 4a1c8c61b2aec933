// passt in a run's network namespace: the guest's NIC connects to its unix
// socket with -netdev stream, and the guest's traffic leaves from inside the
// namespace. It runs as nobody from the start: passt would drop root itself,
// and that change would clear the parent-death signal that ties it to vmgate.
// nobody binds the socket, so its directory is one nobody can write.
import { existsSync } from 'node:fs'
import { chmod, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { InfraError } from '../errors.js'
import type { Process } from '../proc.js'
import { tool } from '../toolchain/resolve.js'
import { poll } from '../wait.js'
import type { NetNamespace } from './namespace.js'

const START_MS = 10_000

export interface Passt {
  socket: string
  process: Process
  dispose(): Promise<void>
}

export async function startPasst(ns: NetNamespace, name: string): Promise<Passt> {
  const dir = await mkdtemp(join(tmpdir(), `vmgate-passt-${name}-`))
  await chmod(dir, 0o1777)
  const socket = join(dir, 'passt.sock')
  const lines: string[] = []
  // -f: stay in the foreground, so the namespace owns it; -q: quiet; no one-off, so a restarted guest reconnects.
  const child = ns.start(tool('passt'), ['-f', '-q', '-s', socket], {
    what: `passt (${name})`,
    stderr: (l) => void lines.push(l),
    stdout: 'ignore',
  })
  const dispose = async () => {
    await child.stop({ graceMs: 1000 })
    await rm(dir, { recursive: true, force: true })
  }
  try {
    await poll({ phase: `passt ${name} start`, timeoutMs: START_MS, everyMs: 50 }, () =>
      existsSync(socket)
        ? { done: true, value: undefined }
        : { done: false, state: lines.slice(-3).join('; ') || 'no socket yet' },
    )
  } catch (error) {
    await dispose()
    throw new InfraError(`passt (${name}) did not start: ${(error as Error).message}`)
  }
  return { socket, process: child, dispose }
}
