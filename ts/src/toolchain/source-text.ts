// Just enough JavaScript lexing for spawn-scan.ts: comments blanked, string
// contents masked, brackets matched and argument lists split, with every
// offset kept so findings can name file:line.

export interface SourceText {
  /** The source with comments blanked to spaces (newlines kept). */
  text: string
  /** `text` with string and template contents blanked too (`${…}` kept): what is code. */
  code: string
  /** `// spawns: …` comments, by 1-based line. */
  pragmas: Map<number, string>
}

const REGEX_BEFORE = /[(,=:[!&|?{};+\-*%<>~^]$|(?:^|[^\w$])(?:return|typeof|case|in|of)$|^$/

export function lexSource(source: string): SourceText {
  const text = source.split('')
  const code = source.split('')
  const pragmas = new Map<number, string>()
  const templateDepths: number[] = [] // brace depth at which each open `${` returns to its template
  let depth = 0
  let i = 0
  const blank = (from: number, to: number, both: boolean) => {
    for (let k = from; k < to; k++)
      if (source[k] !== '\n') {
        code[k] = ' '
        if (both) text[k] = ' '
      }
  }
  const inTemplate = (start: number): void => {
    let k = start
    while (k < source.length && source[k] !== '`') {
      if (source[k] === '\\') k++
      else if (source[k] === '$' && source[k + 1] === '{') {
        blank(start, k, false)
        templateDepths.push(depth++)
        i = k + 2
        return
      }
      k++
    }
    blank(start, k, false)
    i = k + 1
  }
  while (i < source.length) {
    const c = source[i]
    if (c === '/' && source[i + 1] === '/') {
      const end = source.indexOf('\n', i) === -1 ? source.length : source.indexOf('\n', i)
      const pragma = /^\/\/\s*spawns:\s*(.+?)\s*$/.exec(source.slice(i, end))
      if (pragma) pragmas.set(lineOf(source, i), pragma[1])
      blank(i, end, true)
      i = end
    } else if (c === '/' && source[i + 1] === '*') {
      const end = source.indexOf('*/', i + 2) === -1 ? source.length : source.indexOf('*/', i + 2) + 2
      blank(i, end, true)
      i = end
    } else if (
      c === '"' ||
      c === "'" ||
      (c === '/' && REGEX_BEFORE.test(source.slice(Math.max(0, i - 8), i).trimEnd()))
    ) {
      let k = i + 1
      let inClass = false
      while (k < source.length && source[k] !== '\n' && (source[k] !== c || inClass)) {
        if (source[k] === '\\') k++
        else if (c === '/' && source[k] === '[') inClass = true
        else if (c === '/' && source[k] === ']') inClass = false
        k++
      }
      blank(i + 1, k, false)
      i = k + 1
    } else if (c === '`') {
      inTemplate(i + 1)
    } else if (c === '}' && templateDepths.length > 0 && templateDepths[templateDepths.length - 1] === depth - 1) {
      templateDepths.pop()
      depth--
      inTemplate(i + 1)
    } else {
      if (c === '{') depth++
      if (c === '}') depth--
      i++
    }
  }
  return { text: text.join(''), code: code.join(''), pragmas }
}

export function lineOf(source: string, offset: number): number {
  let line = 1
  for (let k = 0; k < offset && k < source.length; k++) if (source[k] === '\n') line++
  return line
}

const CLOSE: Record<string, string> = { '(': ')', '[': ']', '{': '}' }

/** Offset of the bracket closing the one at `open` in masked code, or -1. */
export function matchingClose(code: string, open: number): number {
  const stack: string[] = []
  for (let k = open; k < code.length; k++) {
    const c = code[k]
    if (CLOSE[c]) stack.push(CLOSE[c])
    else if (c === ')' || c === ']' || c === '}') {
      if (stack.pop() !== c) return -1
      if (stack.length === 0) return k
    }
  }
  return -1
}

/** The top-level comma-separated parts between `open` and its closing bracket, as [start, end) spans. */
export function splitArgs(code: string, open: number): Array<[number, number]> {
  const close = matchingClose(code, open)
  if (close === -1) return []
  const spans: Array<[number, number]> = []
  let start = open + 1
  for (let k = open + 1; k < close; k++) {
    const c = code[k]
    if (CLOSE[c]) k = matchingClose(code, k)
    else if (c === ',') {
      spans.push([start, k])
      start = k + 1
    }
    if (k === -1) return spans
  }
  if (code.slice(start, close).trim()) spans.push([start, close])
  return spans
}
