// The Bash CLI took booleans as values (`--active true`, `--parallel false`); oclif booleans take
// none (`--active`, `--no-active`). Rewriting the old spelling before parsing keeps old scripts
// running unchanged. A value that is neither (`--active=maybe`) is a usage error naming the flag.
import {MAPPING_PROPERTIES} from '../../runtime/mapping/properties.js'
import {UserError} from '../errors.js'
import {canonicalChoice, TARGET_TYPES} from '../../runtime/mapping/vocabulary.js'

/** The boolean mapping properties of the property table, and hook's --enabled. */
export const VALUE_BOOLEAN_FLAGS = [...MAPPING_PROPERTIES.filter((p) => p.input === 'boolean').map((p) => p.flag), 'enabled']

const badBoolean = (flag: string, value: string): UserError =>
  new UserError(`Invalid --${flag} '${value}': expected --${flag} or --no-${flag} (or the Bash spelling --${flag} true|false)`, {exitCode: 2})

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
      if (!TRUE.has(value) && !FALSE.has(value)) throw badBoolean(eq[1], eq[2])
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
    // `--active maybe`: meant as a value (the only positional these flags meet is register's target
    // type), so it is named as a bad value of the flag, not as an unexpected argument.
    if (name && names.includes(name) && next !== undefined && !next.startsWith('-') && canonicalChoice(TARGET_TYPES, next) === undefined) {
      throw badBoolean(name, argv[i + 1])
    }
    out.push(token)
  }
  return out
}
