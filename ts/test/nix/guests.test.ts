// nix/guests.nix's root-to-kernel map follows from the roots' native
// components and their declarations, found through vmgate.toml's [project],
// with no root, component or kernel named in the Nix.
import { cp, mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import t from 'tap'
import { evalJson } from '../../src/nix/instantiate.js'
import { projectRoot } from '../../src/paths.js'
import { tool } from '../../src/toolchain/resolve.js'
import { tempDir } from '../helpers/temp.js'

const EVAL = `{ cpu }: (import ./nix/guests.nix {
  lib = (import ./nix/lint/stub-nixpkgs.nix { inherit cpu; }).lib;
  hostArch = cpu;
}).roots`

t.test('a root whose component needs the kernel is built for the modules kernel on x86_64', async (t) => {
  const dir = await tempDir(t, 'vmgate-guests-nix-')
  for (const path of ['nix/guests.nix', 'nix/lint/stub-nixpkgs.nix', 'kernels'])
    await cp(join(projectRoot(), path), join(dir, path), { recursive: true })
  const declare = async (path: string, content: unknown) => {
    await mkdir(join(dir, path, '..'), { recursive: true })
    await writeFile(join(dir, path), JSON.stringify(content))
  }
  await declare('pkgs/mod/components.json', { mod: { needsKernel: true }, prog: {} })
  await declare('roots/init/components.json', { init: {} })
  await declare('roots/modroot.json', { native: ['prog', 'mod'] })
  await declare('roots/progroot.json', { native: ['prog'] })
  await declare('roots/plain.json', {})
  await declare('pkgs/mod/roots/theirs.json', { native: ['mod'] })
  await writeFile(
    join(dir, 'vmgate.toml'),
    '[project]\nroots = ["roots", "pkgs/mod/roots"]\ncomponents = ["roots/init", "pkgs/mod"]\n',
  )
  await writeFile(join(dir, 'eval.nix'), EVAL)
  const roots = await evalJson(tool('nix-instantiate'), dir, 'eval.nix', { cpu: 'x86_64' })
  t.match(roots, {
    modroot: { kernel: 'microvm-kmod' },
    progroot: { kernel: 'microvm' },
    plain: { kernel: 'microvm' },
    theirs: { kernel: 'microvm-kmod' },
    'modroot-aarch64': { kernel: 'virt-aarch64' },
  })
})
