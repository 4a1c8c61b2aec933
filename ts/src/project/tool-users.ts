// Which of the projects' declarations name each toolchain entry: a native
// component's staticLibs (through the arch's library entries), hostTools and
// testTools, and a root's hostTools. `vmgate doctor` shows them for the tools
// the components need, so the table needs no component named in it.
import { hostLowering, type ArchLowering } from '../arch/index.js'
import { listRoots, loadRoot } from '../initramfs/root-spec.js'
import { nativeComponents } from '../native/components.js'

/** Tool name → the components and roots that name it, sorted. */
export function toolUsers(arch: ArchLowering = hostLowering()): Map<string, string[]> {
  const users = new Map<string, string[]>()
  const add = (tool: string, user: string) => users.set(tool, [...new Set([...(users.get(tool) ?? []), user])].sort())
  for (const component of nativeComponents().values()) {
    for (const lib of component.staticLibs) add(arch.tools[lib], component.name)
    for (const tool of [...component.hostTools, ...component.testTools]) add(tool, component.name)
  }
  for (const name of listRoots()) for (const tool of loadRoot(name).hostTools) add(tool, name)
  return users
}
