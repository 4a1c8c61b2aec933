// `just nix-lint`: what can be known about the Nix side without nixpkgs.
// Every .nix file parses; every VMGATE_* variable it exports is one the
// toolkit reads; every command line in nix/cli.nix is one the CLI accepts and
// no Nix file runs the CLI around that table; nix/default.nix evaluates, for
// each system, against a stub of the nixpkgs it uses; flake.lock and npins/
// pin the same nixpkgs.
import type { Command } from 'commander'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { checkArgv, type Word } from './argv.js'
import { exportsIn, type Export } from './env.js'
import { nixFiles } from './files.js'
import { evalJson, parseProblem } from './instantiate.js'
import { flakePin, npinsPin, pinMismatch } from './pins.js'

export interface LintOptions {
  /** The tree holding flake.nix, nix/ and npins/. */
  root: string
  /** The CLI's command tree (buildProgram()). */
  program: Command
  /** Every VMGATE_* variable the toolkit reads (toolkitReads()). */
  toolkitVars: ReadonlySet<string>
  nixInstantiate: string
  /** The built-in catalog's `scenario list --json`: nix/scenarios.json must equal it. */
  scenarioList: string
}

export interface CheckResult {
  name: string
  /** What was checked, for the ok line. */
  summary: string
  /** One line each, naming the file. Empty when the check passed. */
  problems: string[]
}

/** The table of command lines, relative to the root. */
export const COMMAND_TABLE = 'nix/cli.nix'

/** nix/default.nix against the nixpkgs stub, as data, for one host CPU (see the file). */
export const STUB_EVAL = 'nix/lint/eval.nix'

/** What STUB_EVAL gives: builder scripts by package and check, app programs (their script text). */
export interface StubEval {
  packages: Record<string, { name: string; run: string }>
  apps: Record<string, string>
  checks: Record<string, string>
}

/** The checked-in scenario list; nix/cli.nix makes one check per entry. */
export const SCENARIO_LIST = 'nix/scenarios.json'

/** The host CPUs of the flake's systems. */
export const SYSTEM_CPUS = ['x86_64', 'aarch64']

export async function lintNix(options: LintOptions): Promise<CheckResult[]> {
  const files = await nixFiles(options.root)
  const checks = {
    parse: parseCheck,
    env: envCheck,
    commands: commandsCheck,
    eval: evalCheck,
    pins: pinsCheck,
    scenarios: scenariosCheck,
  }
  return Promise.all(
    Object.entries(checks).map(([name, check]) =>
      check(options, files).catch((error: Error): CheckResult => ({ name, summary: '', problems: [error.message] })),
    ),
  )
}

async function scenariosCheck({ root, scenarioList }: LintOptions): Promise<CheckResult> {
  const names = (text: string) => (JSON.parse(text) as { name: string }[]).map((s) => s.name)
  const summary = `${SCENARIO_LIST} lists the catalog's ${names(scenarioList).length} scenarios, a flake check each`
  const checkedIn = await readFile(join(root, SCENARIO_LIST), 'utf8').catch(() => '[]')
  if (checkedIn === scenarioList) return { name: 'scenarios', summary, problems: [] }
  let drift = 'its text differs'
  try {
    const [want, have] = [names(scenarioList), names(checkedIn)]
    const missing = want.filter((n) => !have.includes(n))
    const extra = have.filter((n) => !want.includes(n))
    if (missing.length + extra.length > 0)
      drift = [
        missing.length ? `missing ${missing.join(', ')}` : '',
        extra.length ? `not in the catalog ${extra.join(', ')}` : '',
      ]
        .filter(Boolean)
        .join('; ')
  } catch {
    drift = 'it is not JSON'
  }
  return {
    name: 'scenarios',
    summary,
    problems: [
      `${SCENARIO_LIST} has drifted from the catalog (${drift}); regenerate it: npx vmgate scenario list --json > ${SCENARIO_LIST}`,
    ],
  }
}

async function parseCheck({ root, nixInstantiate }: LintOptions, files: string[]): Promise<CheckResult> {
  const problems = (await Promise.all(files.map((file) => parseProblem(nixInstantiate, root, file)))).filter(
    (p) => p !== undefined,
  )
  return { name: 'parse', summary: `${files.length} .nix files parse (nix-instantiate --parse)`, problems }
}

async function envCheck({ root, toolkitVars }: LintOptions, files: string[]): Promise<CheckResult> {
  const exported: Export[] = []
  for (const file of files) exported.push(...exportsIn(file, await readFile(join(root, file), 'utf8')))
  const problems = exported
    .filter((e) => !toolkitVars.has(e.name))
    .map(
      (e) =>
        `${e.where}: exports ${e.name}, which the toolkit never reads (no TOOLS entry in ts/src/toolchain/tools.ts, no env read in its code)`,
    )
  const names = new Set(exported.map((e) => e.name))
  const unset = [...toolkitVars].filter((name) => !names.has(name)).sort()
  const summary =
    `${names.size} VMGATE_* variables exported, each read by the toolkit` +
    (unset.length ? `; left to the toolkit's defaults: ${unset.join(', ')}` : '')
  return { name: 'env', summary, problems }
}

async function commandsCheck({ root, program, nixInstantiate }: LintOptions, files: string[]): Promise<CheckResult> {
  const table = (await evalJson(nixInstantiate, root, COMMAND_TABLE)) as Record<string, Record<string, Word[]>>
  const problems: string[] = []
  let count = 0
  for (const [group, lines] of Object.entries(table)) {
    for (const [name, argv] of Object.entries(lines)) {
      count++
      const problem = checkArgv(program, argv)
      if (problem)
        problems.push(
          `${COMMAND_TABLE}: ${group}.${name} (vmgate ${argv.map((w) => (typeof w === 'string' ? w : '…')).join(' ')}): ${problem}`,
        )
    }
  }
  for (const file of files.filter((f) => f !== COMMAND_TABLE))
    problems.push(...directRuns(file, await readFile(join(root, file), 'utf8'), program))
  const groups = Object.entries(table)
    .map(([group, lines]) => `${Object.keys(lines).length} ${group}`)
    .join(', ')
  return {
    name: 'commands',
    summary: `${count} command lines in ${COMMAND_TABLE} (${groups}) match the CLI's command tree`,
    problems,
  }
}

/** A Nix file that runs `vmgate SUBCOMMAND ...` itself would escape the table's check. */
function directRuns(file: string, text: string, program: Command): string[] {
  const subcommands = new Set(program.commands.map((c) => c.name()))
  return text.split('\n').flatMap((line, index) => {
    if (/^\s*#/.test(line)) return []
    const match = /(?:^|[\s;&|(`'"])vmgate\s+([a-z][\w-]*)/.exec(line)
    return match && subcommands.has(match[1])
      ? [
          `${file}:${index + 1}: runs 'vmgate ${match[1]}' itself; put the command line in ${COMMAND_TABLE}, where nix-lint checks it`,
        ]
      : []
  })
}

/** Every system's packages, apps and checks evaluate: the files in nix/ agree on their arguments and names. */
async function evalCheck({ root, nixInstantiate }: LintOptions): Promise<CheckResult> {
  const counts = await Promise.all(
    SYSTEM_CPUS.map(async (cpu) => {
      const out = (await evalJson(nixInstantiate, root, STUB_EVAL, { cpu })) as StubEval
      return `${cpu}-linux ${Object.keys(out.packages).length} packages, ${Object.keys(out.apps).length} apps, ${Object.keys(out.checks).length} checks`
    }),
  )
  return {
    name: 'eval',
    summary: `nix/default.nix evaluates against nix/lint/stub-nixpkgs.nix: ${counts.join('; ')}`,
    problems: [],
  }
}

async function pinsCheck({ root }: LintOptions): Promise<CheckResult> {
  const [flake, npins] = await Promise.all([flakePin(root), npinsPin(root)])
  const problem = pinMismatch(flake, npins)
  return {
    name: 'pins',
    summary: `flake.lock and npins/sources.json pin nixpkgs ${flake.rev.slice(0, 12)} (${flake.hash})`,
    problems: problem ? [problem] : [],
  }
}
