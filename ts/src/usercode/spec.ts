// What a user brings into a guest besides the root's own files: host files and
// trees (--add), host directories mounted over 9p (--share), the host's whole
// / (--host-root), kernel modules to load (--module) and a kernel image of
// their own (--kernel-image). Validated once here into plain objects: a host
// path that does not exist is a usage error naming it.
import { existsSync, statSync } from 'node:fs'
import { basename, isAbsolute, join, normalize, resolve } from 'node:path'
import { UsageError } from '../errors.js'

export interface AddedPath {
  host: string
  guest: string
}

export interface Share {
  host: string
  guest: string
  rw: boolean
}

export interface KernelImage {
  image: string
  config: string
}

export interface UserCode {
  adds: AddedPath[]
  shares: Share[]
  hostRoot: boolean
  modules: string[]
  kernelImage?: KernelImage
}

export const NO_USER_CODE: UserCode = { adds: [], shares: [], hostRoot: false, modules: [] }

// What vmgate-init takes (roots/init/init.h: MAX_SHARES, MAX_MODULES).
const MAX_SHARES = 8
const MAX_MODULES = 8

export function hasUserCode(code: UserCode): boolean {
  return (
    code.adds.length > 0 ||
    code.shares.length > 0 ||
    code.hostRoot ||
    code.modules.length > 0 ||
    code.kernelImage !== undefined
  )
}

/**
 * `HOST[:GUEST]`. Without GUEST an absolute host path lands at the same path in
 * the guest, a relative one at /root/NAME (where the command runs), so that
 * `--add ./t -- ./t` runs it.
 */
export function parseAdd(value: string, cwd = process.cwd(), flag = '--add'): AddedPath {
  const [host, guest, extra] = value.split(':')
  if (extra !== undefined || !host) throw new UsageError(`${flag} '${value}': use HOST[:GUEST]`)
  const path = hostPath(host, cwd, flag)
  return { host: path, guest: guest ? guestPath(guest, value, flag) : defaultGuestPath(host, path) }
}

/** `HOST[:GUEST][:rw]`: read-only unless `:rw`; GUEST defaults as for --add. */
export function parseShare(value: string, cwd = process.cwd(), flag = '--share'): Share {
  const parts = value.split(':')
  const rw = parts.at(-1) === 'rw'
  if (rw || parts.at(-1) === 'ro') parts.pop()
  const [host, guest, extra] = parts
  if (extra !== undefined || !host) throw new UsageError(`${flag} '${value}': use HOST[:GUEST][:rw]`)
  const path = hostPath(host, cwd, flag)
  if (!statSync(path).isDirectory())
    throw new UsageError(`${flag} '${value}': ${path} is not a directory; --add puts a single file in the guest`)
  return { host: path, guest: guest ? guestPath(guest, value, flag) : defaultGuestPath(host, path), rw }
}

export function parseModule(value: string, cwd = process.cwd(), flag = '--module'): string {
  if (!value.endsWith('.ko')) throw new UsageError(`${flag} '${value}': a kernel module is a .ko file`)
  const path = hostPath(value, cwd, flag)
  if (!statSync(path).isFile()) throw new UsageError(`${flag} '${value}': ${path} is not a file`)
  return path
}

/** The image's .config: `config` if given, else the `.config` beside the image. */
export function parseKernelImage(image: string, config: string | undefined, cwd = process.cwd()): KernelImage {
  const imagePath = hostPath(image, cwd, '--kernel-image')
  const configPath = config ? hostPath(config, cwd, '--kernel-config') : join(resolve(imagePath, '..'), '.config')
  if (!existsSync(configPath))
    throw new UsageError(
      `--kernel-image ${image}: no .config beside it (${configPath}); give it with --kernel-config PATH`,
    )
  return { image: imagePath, config: configPath }
}

/** Checks what the parts say together, once they are all parsed. */
export function checkUserCode(code: UserCode): UserCode {
  if (code.hostRoot && code.adds.length > 0)
    throw new UsageError(
      "--add with --host-root: the host's files are already in the guest at their own paths; drop --add or use --share",
    )
  if (code.shares.length > MAX_SHARES)
    throw new UsageError(`${code.shares.length} shares; a guest takes at most ${MAX_SHARES}`)
  if (code.modules.length > MAX_MODULES)
    throw new UsageError(`${code.modules.length} modules; a guest loads at most ${MAX_MODULES}`)
  const guests = [...code.adds.map((a) => a.guest), ...code.shares.map((s) => s.guest)]
  const twice = guests.find((path, i) => guests.indexOf(path) !== i)
  if (twice) throw new UsageError(`two host paths go to ${twice} in the guest; give one of them another GUEST path`)
  return code
}

function hostPath(path: string, cwd: string, flag: string): string {
  const full = resolve(cwd, path)
  if (!existsSync(full)) throw new UsageError(`${flag} ${path}: no such file or directory on the host (${full})`)
  return full
}

function guestPath(path: string, value: string, flag: string): string {
  if (!isAbsolute(path) || path.split('/').includes('..'))
    throw new UsageError(`${flag} '${value}': the guest path '${path}' must be absolute, without '..'`)
  if (/[\s,]/.test(path))
    throw new UsageError(
      `${flag} '${value}': the guest path '${path}' has a space or a comma, which the kernel command line cannot carry`,
    )
  return normalize(path)
}

/** `full`: the host path, resolved. */
function defaultGuestPath(host: string, full: string): string {
  if (full === '/') throw new UsageError(`'${host}': the host's / goes in with --host-root, not --add or --share`)
  return isAbsolute(host) ? full : join('/root', basename(full))
}
