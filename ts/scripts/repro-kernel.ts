#!/usr/bin/env -S npx tsx
// just repro-kernel: builds the default kernel in two fresh stores, one after
// the other, and compares the boot images byte for byte.
import { createHash } from 'node:crypto'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, join, resolve } from 'node:path'
import { runTool } from '../src/proc.js'

const cli = resolve(import.meta.dirname, '../../dist/vmgate.mjs')
const kernel = process.argv[2] ?? 'microvm'
const hashes: string[] = []
for (const attempt of [1, 2]) {
  const store = await mkdtemp(join(tmpdir(), 'vmgate-repro-'))
  console.log(`build ${attempt} in ${store} ...`)
  const build = await runTool(process.execPath, [cli, 'build', '--kernel', kernel, '--json'], {
    what: `build ${kernel} (${attempt})`,
    env: { VMGATE_STORE: store },
  })
  const built = JSON.parse(build.stdout)
  hashes.push(
    createHash('sha256')
      .update(await readFile(built.image))
      .digest('hex'),
  )
  console.log(`  ${hashes.at(-1)}  ${basename(built.image)}`)
  await rm(store, { recursive: true, force: true })
}
if (hashes[0] !== hashes[1]) {
  console.error(`NOT reproducible: ${hashes[0]} != ${hashes[1]}`)
  process.exit(1)
}
console.log(`reproducible: both builds give ${hashes[0]}`)
