// Checks a command line from nix/cli.nix against the CLI's command tree, the
// way commander would read it: the subcommand path, each option (looked up on
// the command and its parents), each option value and positional argument
// through its choices or parser, and the arguments' count. Pure: no argv is
// parsed for real and no action runs.
import type { Argument, Command, Option } from 'commander'

/** A word of nix/cli.nix: a literal, or a value filled in at run time (from the environment or by Nix). */
export type Word = string | { env: string; what?: string; default?: string } | { nix: string }

interface Cursor {
  command: Command
  path: string[]
  positionals: Word[]
}

/** The first problem with `argv`, or undefined when commander would accept it. */
export function checkArgv(program: Command, argv: readonly Word[]): string | undefined {
  const cursor: Cursor = { command: program, path: [program.name()], positionals: [] }
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]
    if (word === '--') {
      cursor.positionals.push(...argv.slice(i + 1))
      break
    }
    if (typeof word === 'string' && word.startsWith('-')) {
      const taken = checkOption(cursor, word, argv[i + 1])
      if (typeof taken === 'string') return taken
      i += taken
      continue
    }
    const sub =
      cursor.positionals.length === 0 && typeof word === 'string' ? subcommand(cursor.command, word) : undefined
    if (sub) {
      cursor.command = sub
      cursor.path.push(sub.name())
    } else if (cursor.command.commands.length > 0 && cursor.positionals.length === 0) {
      return `'${cursor.path.join(' ')}' has no command ${show(word)}; it has: ${cursor.command.commands.map((c) => c.name()).join(', ')}`
    } else {
      cursor.positionals.push(word)
    }
  }
  return checkPositionals(cursor)
}

function subcommand(command: Command, name: string): Command | undefined {
  return command.commands.find((c) => c.name() === name || c.aliases().includes(name))
}

/** The number of words the option consumed after its flag, or a problem. */
function checkOption(cursor: Cursor, word: string, next: Word | undefined): number | string {
  const [flag, inline] =
    word.startsWith('--') && word.includes('=')
      ? [word.slice(0, word.indexOf('=')), word.slice(word.indexOf('=') + 1)]
      : [word, undefined]
  const option = findOption(cursor.command, flag)
  if (!option) return `'${cursor.path.join(' ')}' has no option ${flag}`
  if (!option.required && !option.optional) return inline === undefined ? 0 : `${flag} takes no value, got '${inline}'`
  const value = inline ?? next
  if (value === undefined || (typeof value === 'string' && value.startsWith('-') && option.required))
    return `${flag} needs a value`
  const bad = checkValue(option, value, `'${cursor.path.join(' ')}' ${flag}`)
  if (bad) return bad
  return inline === undefined ? 1 : 0
}

function findOption(command: Command, flag: string): Option | undefined {
  for (let c: Command | null = command; c; c = c.parent) {
    const found = c.options.find((o) => o.long === flag || o.short === flag)
    if (found) return found
  }
  return undefined
}

function checkPositionals(cursor: Cursor): string | undefined {
  const { command, positionals } = cursor
  const where = `'${cursor.path.join(' ')}'`
  if (command.commands.length > 0)
    return `${where} needs a subcommand: ${command.commands.map((c) => c.name()).join(', ')}`
  const declared = command.registeredArguments
  for (const [index, argument] of declared.entries()) {
    const values = argument.variadic ? positionals.slice(index) : positionals.slice(index, index + 1)
    if (values.length === 0 && argument.required) return `${where} needs <${argument.name()}>`
    for (const value of values) {
      const bad = checkValue(argument, value, `${where} <${argument.name()}>`)
      if (bad) return bad
    }
  }
  const last = declared.at(-1)
  if (!last?.variadic && positionals.length > declared.length)
    return `${where} takes ${declared.length} argument(s), got ${positionals.map(show).join(' ')}`
  return undefined
}

/** A literal, or a run-time value's default, is checked by the choices or the parser the CLI declares; a run-time value can't be. */
function checkValue(target: Option | Argument, word: Word, where: string): string | undefined {
  const value = typeof word === 'string' ? word : 'default' in word ? word.default : undefined
  if (value === undefined) return undefined
  // The app renders it as "${NAME:-default}": only a plain word survives that unchanged.
  if (typeof word !== 'string' && !/^[\w@.:/+,-]+$/.test(value))
    return `${where}: the default '${value}' of $${(word as { env: string }).env} must be a plain word (letters, digits, @.:/+,-)`
  if (target.argChoices && !target.argChoices.includes(value))
    return `${where}: '${value}' is not one of ${target.argChoices.join(', ')}`
  try {
    target.parseArg?.(value, undefined)
  } catch (error) {
    return `${where}: ${(error as Error).message}`
  }
  return undefined
}

function show(word: Word): string {
  if (typeof word === 'string') return `'${word}'`
  return 'env' in word ? `$${word.env}` : `<${word.nix}>`
}
