// The Bash CLI took booleans as values (`--active true`, `--parallel false`); oclif booleans take
// none (`--active`, `--no-active`). Rewriting the old spelling before parsing keeps old scripts
// running unchanged. A value that is neither (`--active=maybe`) is a usage error naming the flag.
import {MAPPING_PROPERTIES} from '../../runtime/mapping/properties.js'
import {UserError} from '../errors.js'

/** The boolean mapping properties of the property table, and hook's --enabled. */
export const VALUE_BOOLEAN_FLAGS = [...MAPPING_PROPERTIES.filter((p) => p.input === 'boolean').map((p) => p.flag), 'enabled']

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
    if (eq && names.includes(eq[1])) {
      const value = eq[2].toLowerCase()
      if (!TRUE.has(value) && !FALSE.has(value)) {
        throw new UserError(`Invalid --${eq[1]} '${eq[2]}': expected --${eq[1]} or --no-${eq[1]} (or the Bash spelling --${eq[1]} true|false)`, {exitCode: 2})
      }
      out.push(TRUE.has(value) ? `--${eq[1]}` : `--no-${eq[1]}`)
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
