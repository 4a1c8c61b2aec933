// The extensions of vmgate's own project, bundled into the CLI: the modules
// its vmgate.toml's project.extensions lists, by that path (a test keeps the
// two equal). The lab imports this list and no component by name.
import type { Extension } from '../ts/src/project/extension.js'
import { extension as kmod } from './kmod/extension.js'
import { extension as relay } from './relay/extension.js'

export const BUNDLED: Record<string, Extension> = {
  'pkgs/relay/extension.ts': relay,
  'pkgs/kmod/extension.ts': kmod,
}
