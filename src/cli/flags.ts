// Flag definitions shared by several commands, defined once. The mapping property flags are made
// from THE property table (runtime/mapping/properties.ts): one flag per property, its --no-X form,
// its help text and the parsing of its value (any case for options, durations, @FILE patterns).
import {readFileSync} from 'node:fs'
import {Flags} from '@oclif/core'
import {canonicalChoice} from '../../runtime/mapping/schema.js'
import {FLAG_PROPERTIES, parseDuration, type MappingProperty} from '../../runtime/mapping/properties.js'
import {UserError} from '../errors.js'

/**
 * A usage error raised inside a flag's parse function (exit 2). oclif rewrites the message of what a
 * parse function throws into three lines ("Parsing --x", the message, "See more help"); this one
 * keeps its own one line.
 */
export class FlagValueError extends UserError {
  constructor(message: string) {
    super(message, {exitCode: 2})
    Object.defineProperty(this, 'message', {configurable: true, get: () => message, set: () => {}})
  }
}

/** A usage error for a flag's value (exit 2), naming the flag and what it accepts. */
export function badFlagValue(flag: string, value: string, expected: string): UserError {
  return new FlagValueError(`Invalid --${flag} '${value}': expected ${expected}`)
}

/** A string flag whose value is one of `choices`, in any case; the canonical spelling comes out. */
export function choiceFlag(name: string, choices: readonly string[], description: string) {
  return Flags.string({
    description: `${description} (${choices.join(', ')}; any case)`,
    async parse(input) {
      const value = canonicalChoice(choices, input)
      if (value === undefined) throw badFlagValue(name, input, `one of ${choices.join(', ')}`)
      return value
    },
  })
}

/** --source-type/--source (looked up) or --source-arn (taken as is). */
export const sourceFlags = {
  source: Flags.string({description: 'Name of the Kinesis stream, or of the DynamoDB table whose stream is the source.'}),
  'source-arn': Flags.string({description: 'ARN of the Kinesis stream or DynamoDB stream (taken as is, no look-up).'}),
  'source-type': choiceFlag('source-type', ['kinesis', 'dynamodb'], 'Kind of source named by --source'),
}

/** The text of a pattern flag: JSON as given, or the contents of @FILE. */
export function readPatternArgument(flag: string, input: string): string {
  if (!input.startsWith('@')) return input
  const file = input.slice(1)
  try {
    return readFileSync(file, 'utf8').trim()
  } catch (error) {
    throw new FlagValueError(`Cannot read --${flag} file '${file}': ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`)
  }
}

function helpText(property: MappingProperty): string {
  const first = property.description.charAt(0).toUpperCase() + property.description.slice(1)
  return `${first} (${property.appliesTo}; absent: ${property.defaultText}).`
}

const booleanFlag = (description: string) => Flags.boolean({allowNo: true, description})
const textFlag = (description: string, parse?: (input: string) => Promise<string>) => Flags.string({description, ...(parse ? {parse} : {})})
const durationFlag = (property: MappingProperty, description: string) =>
  Flags.custom<number>({
    description,
    async parse(input) {
      const seconds = parseDuration(input)
      if (seconds === undefined) throw badFlagValue(property.flag, input, '0, a number of seconds, 90s, 5m, 1h or never')
      return seconds
    },
  })()

type BooleanFlag = ReturnType<typeof booleanFlag>
type TextFlag = ReturnType<typeof textFlag>
type NumberFlag = ReturnType<typeof durationFlag>

function propertyFlag(property: MappingProperty): BooleanFlag | TextFlag | NumberFlag {
  const description = helpText(property)
  switch (property.input) {
    case 'boolean': {
      return booleanFlag(description)
    }
    case 'choice': {
      return choiceFlag(property.flag, property.choices ?? [], description.replace(/\.$/, ''))
    }
    case 'duration': {
      return durationFlag(property, description)
    }
    case 'pattern': {
      return textFlag(`${description} JSON text, or @FILE.`, async (input) => readPatternArgument(property.flag, input))
    }
    default: {
      return textFlag(description)
    }
  }
}

/**
 * Mapping properties (register and update), one flag per property of the table (the type below
 * only tells oclif's inference what the table makes; a test checks they agree). Bash spellings
 * `--active true` are rewritten first (argv.ts).
 */
export const mappingPropertyFlags = {
  ...Object.fromEntries(FLAG_PROPERTIES.map((property) => [property.flag, propertyFlag(property)])),
  destination: textFlag('Where records go: a name (resolved) or an ARN, URL or endpoint (taken as is).'),
} as {
  active: BooleanFlag
  'append-newlines': BooleanFlag
  collapse: TextFlag
  'convert-ddb': BooleanFlag
  deaggregate: BooleanFlag
  destination: TextFlag
  'destination-region': TextFlag
  'destination-role-arn': TextFlag
  'external-id': TextFlag
  filter: TextFlag
  'message-group-id': TextFlag
  parallel: BooleanFlag
  'park-after': NumberFlag
  'partition-key': TextFlag
  'password-secret': TextFlag
}

/** update's --no-X for the removable properties (string and number attributes). */
export const removePropertyFlags = Object.fromEntries(
  FLAG_PROPERTIES.filter((property) => property.removable).map((property) => [
    `no-${property.flag}`,
    Flags.boolean({description: `Remove ${property.attribute} (then: ${property.defaultText}).`, exclusive: [property.flag]}),
  ]),
) as Record<string, BooleanFlag>

/** --skip-role-update: write the row even when the function role's publish policy cannot be updated. */
export const skipRoleUpdateFlag = {
  'skip-role-update': Flags.boolean({
    description: "Write the mapping even when the function role's publish policy cannot be updated first (a warning names the permission the role lacks).",
  }),
}
