import type { YAMLError } from 'yaml'
import type { Diagnostic, Span } from '../diagnostics/index.js'

/**
 * The yaml package reports what its parser saw, often several errors for one mistake (a key indented one space too
 * far gives up to fifteen "All mapping items must start at the same column"), in parser words ("implicit key",
 * "flow map in block collection"). A person made one mistake in one place: this finds that place (the unclosed
 * bracket, the mis-indented key) and says it in plain words; only when it cannot, the parser's first error is
 * shown. Duplicate keys are independent mistakes and each keeps its own diagnostic.
 */
export function syntaxDiagnostics(text: string, errors: readonly YAMLError[]): Diagnostic[] {
  const duplicates = errors.filter((e) => e.code === 'DUPLICATE_KEY').map((e) => duplicateKey(text, e))
  const others = errors.filter((e) => e.code !== 'DUPLICATE_KEY')
  if (others.length === 0) return duplicates
  return [oneMistake(text, others[0]!), ...duplicates].sort((a, b) => a.span.start - b.span.start)
}

function duplicateKey(text: string, error: YAMLError): Diagnostic {
  const start = error.pos[0]
  // The parser marks one character of a duplicate key; underline the whole key.
  const end = start + Math.max(1, /^[^:\n,}]*/.exec(text.slice(start))?.[0].trimEnd().length ?? 1)
  return {
    code: 'SPEC002', severity: 'error', message: 'this key is given twice', span: clamp(text, { start, end }), suggestions: [], path: '',
    help: 'keep one of the two; YAML keys must be unique in a mapping', label: 'duplicate key',
  }
}

function oneMistake(text: string, first: YAMLError): Diagnostic {
  const base = { code: 'SPEC001' as const, severity: 'error' as const, suggestions: [], path: '' }
  const bracket = unclosedBracket(text)
  if (bracket) {
    const close = text[bracket.start] === '{' ? '}' : ']'
    return {
      ...base, span: bracket, label: `this \`${text[bracket.start]!}\` is never closed`,
      message: `the \`${text[bracket.start]!}\` opened here is never closed`,
      help: `add the closing \`${close}\` at the end of the value (on the same line, or indented further than the key)`,
    }
  }
  const indent = misindentedLine(text)
  if (indent) {
    const what = indent.key !== undefined ? `\`${indent.key}:\`` : 'this line'
    const direction = indent.actual > indent.expected ? 'more' : 'less'
    const above = indent.aboveKey !== undefined ? `\`${indent.aboveKey}:\` above it` : 'the line above it'
    return {
      ...base, span: indent.span, label: `indented ${indent.actual} space${indent.actual === 1 ? '' : 's'}`,
      message: `${what} is indented ${direction} than ${above} (${indent.actual} spaces instead of ${indent.expected})`,
      help: `indent ${what} by ${indent.expected} spaces, like the other keys of its mapping; YAML reads nesting from indentation`,
    }
  }
  const start = Math.min(first.pos[0], text.length)
  return {
    ...base, span: clamp(text, { start, end: Math.max(first.pos[1], start + 1) }), label: 'here',
    message: `the file is not valid YAML or JSON: ${plainWords(first)}`,
    help: 'check the indentation, quotes and brackets near the caret',
  }
}

/** The parser's message without its position, and with its jargon replaced where the meaning is known. */
function plainWords(error: YAMLError): string {
  const message = error.message.replace(/ at line \d+, column \d+.*$/s, '')
  switch (error.code) {
    case 'MISSING_CHAR': return message.replace(/^Missing closing (["'])quote$/, 'a quoted value is never closed (the closing $1 is missing)')
    case 'BAD_INDENT': return 'the indentation here does not match the lines around it'
    case 'MULTILINE_IMPLICIT_KEY': return 'a key must fit on one line; a line break or missing `:` is in the way'
    case 'TAB_AS_INDENT': return 'a tab is used for indentation; YAML indents with spaces only'
    default: return message.charAt(0).toLowerCase() + message.slice(1)
  }
}

function clamp(text: string, span: Span): Span {
  const end = Math.min(span.end, text.length)
  return { start: Math.min(span.start, end), end }
}

/**
 * The first `{` or `[` that is never closed: flow collections in a spec are written on one line (or continued on
 * lines indented further), so a bracket still open where a line at the key's own indentation begins is unclosed.
 * Quotes and comments are skipped.
 */
function unclosedBracket(text: string): Span | undefined {
  const open: { at: number; indent: number }[] = []
  let lineIndent = 0
  let lineStart = true
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!
    if (lineStart) {
      let j = i
      while (text[j] === ' ') j++
      lineIndent = j - i
      lineStart = false
      // A line at or left of where the open bracket's line began: the bracket was never closed.
      if (open.length > 0 && text[j] !== '\n' && text[j] !== '#' && j < text.length && lineIndent <= open[0]!.indent) return { start: open[0]!.at, end: open[0]!.at + 1 }
    }
    if (ch === '\n') { lineStart = true; continue }
    if (ch === '#' && (i === 0 || /\s/.test(text[i - 1]!))) { while (i < text.length && text[i] !== '\n') i++; lineStart = true; continue }
    if (ch === '"' || ch === "'") {
      // Quotes only open a string at the start of a value, not inside a plain word (`it's`).
      if (i > 0 && !/[\s{[,:]/.test(text[i - 1]!)) continue
      let j = i + 1
      while (j < text.length && text[j] !== ch && text[j] !== '\n') j += ch === '"' && text[j] === '\\' ? 2 : 1
      if (text[j] === ch) { i = j; continue }
      continue
    }
    if (ch === '{' || ch === '[') open.push({ at: i, indent: open.length > 0 ? open[0]!.indent : lineIndent })
    else if ((ch === '}' || ch === ']') && open.length > 0) open.pop()
  }
  return open.length > 0 ? { start: open[0]!.at, end: open[0]!.at + 1 } : undefined
}

interface Misindented { span: Span; key?: string; aboveKey?: string; actual: number; expected: number }

/**
 * The first block line whose indentation matches no open mapping or list: a key must sit at the column of its
 * siblings, or further right than a key whose value it starts. Lines inside block scalars (`|`, `>`) and flow
 * collections are not looked at.
 */
function misindentedLine(text: string): Misindented | undefined {
  const levels: { indent: number; key?: string }[] = []
  let opener: { indent: number; key?: string } | undefined
  let scalarIndent: number | undefined
  let offset = 0
  for (const line of text.split('\n')) {
    const start = offset
    offset += line.length + 1
    const indent = /^ */.exec(line)![0].length
    const body = line.slice(indent)
    if (body === '' || body.startsWith('#')) continue
    if (scalarIndent !== undefined) {
      if (indent > scalarIndent) continue
      scalarIndent = undefined
    }
    if (body.startsWith('---') || body.startsWith('...') || body.startsWith('%')) continue
    const key = /^(?:- +)?("[^"]*"|'[^']*'|[^\s#:{}[\],][^:#]*?)\s*:(?:\s|$)/.exec(body)?.[1]
    if (opener && indent > opener.indent) {
      levels.push({ indent, ...(key !== undefined ? { key } : {}) })
    } else if (opener && indent === opener.indent && body.startsWith('- ')) {
      levels.push({ indent })
    } else {
      const before = [...levels]
      while (levels.length > 0 && levels[levels.length - 1]!.indent > indent) levels.pop()
      const top = levels[levels.length - 1]
      if (levels.length === 0 && indent === 0) levels.push({ indent: 0 })
      else if (!top || top.indent !== indent) {
        // The level meant is the nearest one (on a tie, the deeper: a key one space short of its siblings).
        const above = before.reduce<(typeof levels)[number] | undefined>((best, level) =>
          !best || Math.abs(level.indent - indent) <= Math.abs(best.indent - indent) ? level : best, undefined)
        const expected = above?.indent ?? 0
        const keyStart = start + indent + (body.startsWith('- ') ? /^- +/.exec(body)![0].length : 0)
        const span = key !== undefined ? { start: keyStart, end: keyStart + key.length } : { start: start + indent, end: start + line.length }
        return { span, ...(key !== undefined ? { key } : {}), ...(above?.key !== undefined ? { aboveKey: above.key } : {}), actual: indent, expected }
      }
      if (top && key !== undefined) top.key = key
    }
    opener = undefined
    // `- key: value`: the item's keys sit at the column after the dash.
    const dash = /^(- +)/.exec(body)?.[1]
    if (dash && key !== undefined) levels.push({ indent: indent + dash.length, key })
    const rest = key !== undefined ? body.slice(body.indexOf(':', body.indexOf(key) + key.length) + 1).replace(/\s+#.*$/, '').trim() : dash ? body.slice(dash.length).trim() : body
    if (key !== undefined && rest === '') opener = { indent: dash ? indent + dash.length : indent, key }
    else if (dash && rest === '') opener = { indent }
    if (/^[|>][-+0-9]*$/.test(rest)) scalarIndent = dash ? indent + dash.length : indent
  }
  return undefined
}
