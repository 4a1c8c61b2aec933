// Finds the programs source files spawn, so a test can fail on any the
// toolchain table (tools.ts) doesn't know: `vmgate doctor --install` must be
// able to install everything the tests, scenarios and benches run.
//
// A spawn is a call of execa/execaSync/execaNode/execFile/execFileSync/spawn/
// spawnSync/exec/execSync/runTool/startProcess, a `promisify(execFile)` alias, or a zx
// `$` template. Its program may be:
//   tool('name')          a table entry (a non-literal name is checked at run time)
//   process.execPath      node itself (execaNode always is)
//   'name'                a table entry's name or the basename of its debianPath,
//                         a program of the base system (BASE_PROGRAMS) or of Node (npx)
//   a path built from projectRoot() or import.meta: a program this project builds
//   an identifier         traced to its const, or a parameter: the function is then
//                         a wrapper whose calls are checked in turn
//   anything, with `// spawns: WHAT` on that line or the one above, WHAT being one
//                         of the above names, `project`, `table`, or `missing` (a
//                         test spawning what must not exist)
// Anything else is reported with file:line. Pure: text in, findings out.
import { posix } from 'node:path'
import { lexSource, lineOf, matchingClose, splitArgs, type SourceText } from './source-text.js'

export interface Known {
  /** Table entry names. */
  tools: ReadonlySet<string>
  /** Literal program names allowed bare: table basenames and the base system. */
  programs: ReadonlySet<string>
}

export interface Finding {
  file: string
  line: number
  /** What the call runs, as the scanner understood it (`tool:make`, `node`, `project`, `sh`). */
  program?: string
  problem?: string
}

interface File extends SourceText {
  path: string
  source: string
}

type Verdict = { program: string } | { problem: string } | { wrapper: Wrapper | undefined }

const SPAWNERS = [
  'execa',
  'execaSync',
  'execaNode',
  'execFile',
  'execFileSync',
  'spawn',
  'spawnSync',
  'exec',
  'execSync',
  'runTool',
  'startProcess',
]
const SHELL_STRING = new Set(['exec', 'execSync'])
const ALIAS = /(?:const|let)\s+([\w$]+)\s*=\s*promisify\(\s*(execFile|exec)\s*\)/g
const IDENT = /^[A-Za-z_$][\w$]*$/
const KEYWORDS = new Set(['if', 'for', 'while', 'switch', 'catch', 'with', 'return'])
const escape = (name: string) => name.replace(/[$.]/g, (c) => `\\${c}`)

export function scanSpawns(sources: Array<{ path: string; text: string }>, known: Known): Finding[] {
  const files = new Map(sources.map(({ path, text }) => [path, { path, source: text, ...lexSource(text) }]))
  const scan: Scan = { files, known }
  const findings = new Map<string, Finding>()
  const seen = new Set<string>(SPAWNERS)
  let pending = [...files.values()].flatMap((file) => spawnCalls(file).map((call) => ({ file, ...call })))
  // Wrappers found while classifying make their own calls spawn sites: repeat until none is new.
  while (pending.length > 0) {
    const found: Wrapper[] = []
    for (const site of pending) {
      const verdict = site.node
        ? { program: 'node' }
        : site.word
          ? pragmaOr(site.file, site.arg, known)
          : classify(scan, site.file, site.arg, site.shell, 0)
      if (!('wrapper' in verdict)) {
        const finding: Finding = { file: site.file.path, line: lineOf(site.file.source, site.at), ...verdict }
        findings.set(`${finding.file}:${finding.line}:${finding.program ?? finding.problem}`, finding)
      } else if (verdict.wrapper && !seen.has(wrapperId(verdict.wrapper))) {
        seen.add(wrapperId(verdict.wrapper))
        found.push(verdict.wrapper)
      }
    }
    const callers = (w: Wrapper) => (w.onlyIn ? [files.get(w.onlyIn)!] : [...files.values()])
    pending = found.flatMap((w) =>
      callers(w).flatMap((file) => wrapperCalls(file, w.name, w.index).map((call) => ({ file, ...call }))),
    )
  }
  return [...findings.values()].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line)
}

interface Scan {
  files: ReadonlyMap<string, File>
  known: Known
}

/** A function that spawns one of its parameters; `onlyIn` when it is not exported. */
interface Wrapper {
  name: string
  index: number
  onlyIn?: string
}

const wrapperId = (w: Wrapper) => (w.onlyIn ? `${w.onlyIn}#${w.name}` : w.name)

interface Call {
  at: number
  arg: [number, number]
  /** A shell command string: its first word is the program. */
  shell: boolean
  /** A zx template's first word, read as a bare program name. */
  word?: boolean
  node: boolean
}

function spawnCalls(file: File): Call[] {
  const names = [...SPAWNERS, ...[...file.code.matchAll(ALIAS)].map((m) => m[1])]
  const calls: Call[] = []
  const pattern = new RegExp(
    `(?<![\\w$.])(?:(?:child_process|childProcess|cp)\\.)?(${names.map(escape).join('|')}|\\$)\\s*([(\`])`,
    'g',
  )
  for (const m of file.code.matchAll(pattern)) {
    const name = m[1]
    const open = m.index! + m[0].length - 1
    const template = m[2] === '`' ? open : name === '$' ? templateAfter(file.code, open) : -1
    if (template !== -1) calls.push({ at: m.index!, ...templateProgram(file, template), shell: false, node: false })
    else if (name === '$' || isDefinition(file, m.index!, open)) continue // `$(…)` with no template is no zx call
    const arg = template === -1 && splitArgs(file.code, open)[0]
    if (arg) calls.push({ at: m.index!, arg, shell: SHELL_STRING.has(name), node: name === 'execaNode' })
  }
  return calls
}

/** Calls of a wrapper function or method, not its own definition. */
function wrapperCalls(file: File, name: string, index: number): Call[] {
  const calls: Call[] = []
  for (const m of file.code.matchAll(new RegExp(`(?<![\\w$])${escape(name)}\\s*\\(`, 'g'))) {
    const open = m.index! + m[0].length - 1
    const arg = splitArgs(file.code, open)[index]
    if (arg && !isDefinition(file, m.index!, open)) calls.push({ at: m.index!, arg, shell: false, node: false })
  }
  return calls
}

/** `name(…)` at `at` is a function or method header, not a call. */
function isDefinition(file: File, at: number, open: number): boolean {
  if (/(?:function\s*\*?\s*|static\s+|async\s+)$/.test(file.code.slice(0, at))) return true
  const first = splitArgs(file.code, open)[0]
  // A method's own header, `start(bin: string, …) {`.
  return first !== undefined && /^\s*[\w$]+\??\s*:/.test(file.code.slice(...first))
}

/** `$(options)` followed by a template: the template's backtick offset. */
function templateAfter(code: string, open: number): number {
  const close = matchingClose(code, open)
  const next = close === -1 ? -1 : code.slice(close + 1).search(/\S/)
  return next !== -1 && code[close + 1 + next] === '`' ? close + 1 + next : -1
}

/** A template's first word, or its leading `${…}`. */
function templateProgram(file: File, tick: number): { arg: [number, number]; word: boolean } {
  const start = file.text.slice(tick + 1).search(/\S/) + tick + 1
  if (file.text.startsWith('${', start)) return { arg: [start + 2, matchingClose(file.code, start + 1)], word: false }
  return { arg: [start, start + file.text.slice(start).search(/[\s`$]/)], word: true }
}

/** A zx template's bare first word, unless a pragma says otherwise. */
function pragmaOr(file: File, [start, end]: [number, number], known: Known): Verdict {
  const pragma = pragmaAt(file, start)
  return pragma ? pragmaVerdict(pragma, known) : programName(file.text.slice(start, end), known)
}

function pragmaAt(file: File, offset: number): string | undefined {
  const line = lineOf(file.source, offset)
  return file.pragmas.get(line) ?? file.pragmas.get(line - 1)
}

function classify(scan: Scan, file: File, [start, end]: [number, number], shell: boolean, depth: number): Verdict {
  const expr = file.text.slice(start, end).trim()
  const pragma = pragmaAt(file, start)
  if (pragma) return pragmaVerdict(pragma, scan.known)
  const literal = /^(['"`])([^'"`$]*)/.exec(expr)
  if (literal) return programName(shell ? literal[2].trim().split(/\s+/)[0] : literal[2], scan.known)
  const toolCall = /^tool\(\s*(?:(['"])([^'"]+)\1)?/.exec(expr)
  if (toolCall)
    return toolCall[2] === undefined || scan.known.tools.has(toolCall[2])
      ? { program: `tool:${toolCall[2] ?? '*'}` }
      : { problem: `tool('${toolCall[2]}') is not in the toolchain table (ts/src/toolchain/tools.ts)` }
  if (expr === 'process.execPath') return { program: 'node' }
  if (depth > 6) return { problem: `cannot trace ${expr}` }
  const array = expr.startsWith('[') && splitArgs(file.code, start + file.text.slice(start).indexOf('['))[0]
  if (array) return classify(scan, file, array, false, depth + 1)
  if (IDENT.test(expr)) return traceIdentifier(scan, file, expr, start, depth)
  if (mentionsProject(scan, file, expr, depth)) return { program: 'project' }
  return {
    problem: `cannot tell what \`${expr.slice(0, 60)}\` runs: use tool('name') from the toolchain table, process.execPath, or mark it // spawns: WHAT`,
  }
}

function programName(name: string, known: Known): Verdict {
  if (name.includes('/'))
    return { problem: `'${name}' is a hard-coded path: add it to the toolchain table and use tool('name')` }
  if (known.programs.has(name) || known.tools.has(name)) return { program: name }
  return {
    problem: `'${name}' is not in the toolchain table (ts/src/toolchain/tools.ts): add an entry and use tool('name')`,
  }
}

function pragmaVerdict(what: string, known: Known): Verdict {
  const name = what.split(/\s/)[0]
  // `missing`: a test that spawns a program which must not exist, to see the failure.
  if (name === 'project' || name === 'table' || name === 'node' || name === 'missing') return { program: name }
  return programName(name, known)
}

/** The nearest binding of `name` before `at`: a const/let (classified in turn), a parameter (a wrapper), or an import. */
function traceIdentifier(scan: Scan, file: File, name: string, at: number, depth: number): Verdict {
  const uses = [...file.code.slice(0, at).matchAll(new RegExp(`(?<![\\w$.])${escape(name)}(?![\\w$])`, 'g'))].reverse()
  for (const use of uses) {
    if (/(?:const|let|var)\s+$/.test(file.code.slice(0, use.index!))) {
      const value = definitionValue(file, use.index! + name.length)
      return value
        ? classify(scan, file, value, false, depth + 1)
        : { problem: `cannot trace ${name}: no value where it is declared` }
    }
    const params = enclosingParams(file, use.index!)
    if (params)
      return {
        wrapper: params.destructured
          ? undefined
          : { name: params.name, index: params.index, onlyIn: params.exported ? undefined : file.path },
      }
  }
  const imported = importedDefinition(scan, file, name)
  if (imported && !imported.isFunction) return classify(scan, imported.file, imported.body, false, depth + 1)
  return { problem: `cannot trace ${name} to a program: use tool('name') or mark it // spawns: WHAT` }
}

/** The span of `= value` after a declared name, up to the end of its statement. */
function definitionValue(file: File, after: number): [number, number] | undefined {
  const eq = /^\s*(?::[^=;\n]*)?=(?!=)/.exec(file.code.slice(after))
  if (!eq) return undefined
  const start = after + eq[0].length
  for (let k = start; k < file.code.length; k++) {
    const c = file.code[k]
    if (c === '(' || c === '[' || c === '{') k = matchingClose(file.code, k)
    else if (c === ';' || c === '\n' || c === ',') return [start, k]
    if (k === -1) return undefined
  }
  return [start, file.code.length]
}

/** When the identifier at `at` is a parameter: its function's name (Class.method for a method) and position. */
function enclosingParams(
  file: File,
  at: number,
): { name: string; index: number; destructured: boolean; exported: boolean } | undefined {
  let depth = 0
  let open = -1
  let destructured = false
  for (let k = at - 1; k >= 0 && open === -1; k--) {
    const c = file.code[k]
    if (c === ')' || c === ']' || c === '}') depth++
    else if (c === '(' || c === '[' || c === '{') {
      if (depth > 0) depth--
      else if (c === '(') open = k
      else destructured = true
    }
  }
  const close = open === -1 ? -1 : matchingClose(file.code, open)
  if (close === -1 || !/^\s*(?::[^={;]*)?(?:=>|\{)/.test(file.code.slice(close + 1))) return undefined
  const before = file.code.slice(Math.max(0, open - 120), open)
  const head = /(?:function\s*\*?\s*([\w$]+)|([\w$]+)\s*=\s*(?:async\s*)?|(?:static\s+|async\s+)*([\w$]+))\s*$/.exec(
    before,
  )
  const name = head?.[1] ?? head?.[2] ?? head?.[3]
  if (!name || KEYWORDS.has(name)) return undefined
  const index = splitArgs(file.code, open).findIndex(([s, e]) => s <= at && at < e)
  const method = head![3] ? [...file.code.slice(0, open).matchAll(/\bclass\s+([\w$]+)/g)].pop()?.[1] : undefined
  // Methods are called as Class.method(…), from any file; a function only from its own unless exported.
  const exported =
    method !== undefined ||
    /\bexport\s+(?:async\s+)?(?:function|const)\s*\S*\s*$/.test(
      before.slice(0, head!.index + head![0].indexOf(name) + name.length),
    )
  return { name: method ? `${method}.${name}` : name, index, destructured, exported }
}

/** A path rooted in this checkout: projectRoot() or import.meta, directly or through consts and functions it names. */
function mentionsProject(scan: Scan, file: File, expr: string, depth: number): boolean {
  if (/projectRoot\(\)|import\.meta\.(?:dirname|url)/.test(expr)) return true
  if (depth > 6) return false
  for (const m of expr.matchAll(/(?<![\w$.'"])([A-Za-z_$][\w$]*)/g)) {
    const def = topLevelDefinition(file, m[1]) ?? importedDefinition(scan, file, m[1])
    if (def && mentionsProject(scan, def.file, def.file.text.slice(...def.body), depth + 1)) return true
  }
  return false
}

interface Definition {
  file: File
  body: [number, number]
  isFunction: boolean
}

/** `const name = …` or `function name(…) {…}` in a file. */
function topLevelDefinition(file: File, name: string): Definition | undefined {
  const def = new RegExp(
    `(?:(?:const|let)\\s+${escape(name)}\\s*(?::[^=]*)?=|function\\s+${escape(name)}\\s*\\()`,
  ).exec(file.code)
  if (!def) return undefined
  if (!def[0].startsWith('function')) {
    const body = definitionValue(file, def.index + def[0].length - 1)
    return body && { file, body, isFunction: false }
  }
  const open = file.code.indexOf('{', def.index)
  const close = open === -1 ? -1 : matchingClose(file.code, open)
  return close === -1 ? undefined : { file, body: [open, close], isFunction: true }
}

/** The definition of a name imported from a relative module among the scanned files. */
function importedDefinition(scan: Scan, file: File, name: string): Definition | undefined {
  for (const m of file.text.matchAll(/import\s*(?:type\s*)?\{([^}]*)\}\s*from\s*(['"])(\.{1,2}\/[^'"]+)\2/g)) {
    const names = m[1].split(',').map((part) => part.trim().split(/\s+as\s+/))
    const entry = names.find((parts) => (parts[1] ?? parts[0]) === name)
    const from = entry && scan.files.get(posix.join(posix.dirname(file.path), m[3]).replace(/\.js$/, '.ts'))
    if (from) return topLevelDefinition(from, entry[0])
  }
  return undefined
}
