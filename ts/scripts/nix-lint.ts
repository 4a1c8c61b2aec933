#!/usr/bin/env -S npx tsx
// just nix-lint: parse-check every .nix file, and check the Nix side against
// the toolkit's contract (env vars) and the CLI's command tree (apps). One
// line per check; exits 1 when any fails, 3 when nix-instantiate is missing.
// An argument lints another copy of the Nix files (flake.nix, nix/, npins/)
// against this checkout's toolkit.
import { join, resolve } from 'node:path'
import { buildProgram } from '../src/cli/program.js'
import { toolkitReads } from '../src/nix/env.js'
import { loadCatalog, scenarioListJson } from '../src/scenario/catalog.js'
import { lintNix } from '../src/nix/lint.js'
import { projectRoot } from '../src/paths.js'
import { tool } from '../src/toolchain/resolve.js'

const root = projectRoot()
const tree = process.argv[2] ? resolve(process.argv[2]) : root
let nixInstantiate: string
try {
  nixInstantiate = tool('nix-instantiate')
} catch (error) {
  console.error(`nix-lint: ${(error as Error).message}`)
  process.exit(3)
}
const toolkitVars = await toolkitReads([
  ...['src', 'bench', 'scenarios'].map((dir) => join(root, 'ts', dir)),
  join(root, 'pkgs'),
])
const results = await lintNix({
  root: tree,
  program: buildProgram(),
  toolkitVars,
  nixInstantiate,
  scenarioList: scenarioListJson(await loadCatalog()),
})
for (const { name, summary, problems } of results) {
  if (problems.length === 0) console.log(`ok    ${name}: ${summary}`)
  else console.log(`FAIL  ${name}: ${problems.join('\n      ')}`)
}
const failed = results.filter((r) => r.problems.length > 0).length
if (failed > 0) {
  console.log(`nix-lint: ${failed} of ${results.length} checks failed`)
  process.exitCode = 1
}
