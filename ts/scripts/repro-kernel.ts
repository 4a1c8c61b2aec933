#!/usr/bin/env -S npx tsx
// just repro-kernel: builds the default kernel in two fresh stores, one after
// the other, and compares the boot images byte for byte.
import { $, fs, path, tmpdir } from 'zx'

$.verbose = false
$.quiet = true
const cli = path.resolve(import.meta.dirname, '../../dist/vmgate.mjs')
const kernel = process.argv[2] ?? 'microvm'
const hashes: string[] = []
for (const attempt of [1, 2]) {
  const store = tmpdir()
  console.log(`build ${attempt} in ${store} ...`)
  const built = JSON.parse((await $({ env: { ...process.env, VMGATE_STORE: store }, stdio: ['ignore', 'pipe', 'inherit'] })`${process.execPath} ${cli} build --kernel ${kernel} --json`).stdout)
  hashes.push((await $`sha256sum ${built.image}`).stdout.split(' ')[0])
  console.log(`  ${hashes.at(-1)}  ${path.basename(built.image)}`)
  await fs.rm(store, { recursive: true, force: true })
}
if (hashes[0] !== hashes[1]) {
  console.error(`NOT reproducible: ${hashes[0]} != ${hashes[1]}`)
  process.exit(1)
}
console.log(`reproducible: both builds give ${hashes[0]}`)
