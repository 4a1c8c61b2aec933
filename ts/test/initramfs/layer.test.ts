import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import t from 'tap'
import { writeCpio } from '../../src/initramfs/cpio.js'
import { layerInputs, writeLayer, type LayerEntry } from '../../src/initramfs/layer.js'
import { Store } from '../../src/store/store.js'
import { tempDir } from '../helpers/temp.js'

t.test(
  'a layer is keyed by its host files contents, in any order; written, it is the cpio of their bytes',
  async (t) => {
    const dir = await tempDir(t, 'vmgate-layer-')
    const store = new Store(join(dir, 'store'))
    const [a, b] = [join(dir, 'a'), join(dir, 'b')]
    await writeFile(a, 'same bytes')
    await writeFile(b, 'same bytes')
    const alias = { path: 'bin/alias', kind: 'symlink', target: '/bin/tool' } as const
    const layer = (from: string): LayerEntry[] => [{ path: 'bin/tool', kind: 'host-file', mode: 0o755, from }, alias]
    const inputs = await layerInputs(layer(a), store)
    t.same(await layerInputs(layer(b), store), inputs, 'the same bytes at another host path: the same key')
    t.same(await layerInputs(layer(a).reverse(), store), inputs, 'the order entries come in is no input')
    await writeFile(b, 'other bytes')
    t.notSame(await layerInputs(layer(b), store), inputs, 'changed bytes: another key')
    const data = await readFile(a)
    t.same(
      await writeLayer(layer(a), 7),
      writeCpio([{ path: 'bin/tool', kind: 'file', mode: 0o755, data }, alias], { mtime: 7 }),
    )
    t.equal((await writeLayer([], 7)).length, 0, 'an empty layer is no bytes at all')
  },
)
