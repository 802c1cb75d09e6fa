// The Bash CLI took booleans as values (`--active true`, `--parallel false`); oclif booleans take
// none (`--active`, `--no-active`). Rewriting the old spelling before parsing keeps old scripts
// running unchanged.

export const VALUE_BOOLEAN_FLAGS = ['active', 'parallel', 'convert-ddb', 'deaggregate', 'append-newlines', 'enabled']

const TRUE = new Set(['true', 'yes', '1', 'on'])
const FALSE = new Set(['false', 'no', '0', 'off'])

export function normalizeBooleanSpellings(argv: string[], names = VALUE_BOOLEAN_FLAGS): string[] {
  const out: string[] = []
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]
    if (token === '--') {
      out.push(...argv.slice(i))
      break
    }
    const eq = /^--([a-z-]+)=(.*)$/.exec(token)
    if (eq && names.includes(eq[1]) && (TRUE.has(eq[2].toLowerCase()) || FALSE.has(eq[2].toLowerCase()))) {
      out.push(TRUE.has(eq[2].toLowerCase()) ? `--${eq[1]}` : `--no-${eq[1]}`)
      continue
    }
    const name = token.startsWith('--') ? token.slice(2) : undefined
    const next = argv[i + 1]?.toLowerCase()
    if (name && names.includes(name) && next !== undefined && (TRUE.has(next) || FALSE.has(next))) {
      out.push(TRUE.has(next) ? `--${name}` : `--no-${name}`)
      i++
      continue
    }
    out.push(token)
  }
  return out
}
