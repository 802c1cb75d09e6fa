// Mapping properties as the flags give them, and the rules that say which apply to which target
// type and source kind. register and update both use them, so an option that does not apply is
// refused the same way everywhere (never silently stored).
import {UserError} from '../errors.js'
import {COLLAPSIBLE_TYPES, CACHE_TYPES, isCollapseMode, type CollapseMode, type TargetType} from '../../runtime/mapping/schema.js'
import {isExternalId, isRegionName, isRoleArn, type SourceKind} from '../../runtime/mapping/arn.js'

export interface MappingProperties {
  active?: boolean
  parallel?: boolean
  collapse?: CollapseMode
  convertDDB?: boolean
  deaggregate?: boolean
  appendNewlines?: boolean
  /** --destination-region */
  region?: string
  /** --destination-role-arn */
  role?: string
  /** --external-id */
  externalId?: string
}

/** Flag name of each property, for messages. */
export const FLAG_OF: Record<keyof MappingProperties, string> = {
  active: '--active',
  appendNewlines: '--append-newlines',
  collapse: '--collapse',
  convertDDB: '--convert-ddb',
  deaggregate: '--deaggregate',
  externalId: '--external-id',
  parallel: '--parallel',
  region: '--destination-region',
  role: '--destination-role-arn',
}

/** The properties among parsed oclif flags (absent flags stay undefined). */
export function propertiesFromFlags(flags: Record<string, unknown>): MappingProperties {
  const properties: MappingProperties = {
    active: flags.active as boolean | undefined,
    appendNewlines: flags['append-newlines'] as boolean | undefined,
    collapse: flags.collapse as CollapseMode | undefined,
    convertDDB: flags['convert-ddb'] as boolean | undefined,
    deaggregate: flags.deaggregate as boolean | undefined,
    externalId: flags['external-id'] as string | undefined,
    parallel: flags.parallel as boolean | undefined,
    region: flags['destination-region'] as string | undefined,
    role: flags['destination-role-arn'] as string | undefined,
  }
  for (const key of Object.keys(properties) as (keyof MappingProperties)[]) if (properties[key] === undefined) delete properties[key]
  return properties
}

/** Refuses malformed values, naming the flag. */
export function checkPropertyValues(properties: MappingProperties): void {
  if (properties.collapse !== undefined && !isCollapseMode(properties.collapse)) {
    throw new UserError(`Invalid --collapse '${properties.collapse}': expected none, JSON, concat or concat-b64`)
  }
  if (properties.role !== undefined && !isRoleArn(properties.role)) {
    throw new UserError(`Invalid --destination-role-arn '${properties.role}': expected arn:aws:iam::ACCOUNT:role/NAME`)
  }
  if (properties.region !== undefined && !isRegionName(properties.region)) {
    throw new UserError(`Invalid --destination-region '${properties.region}': expected a region name such as eu-west-1`)
  }
  if (properties.externalId !== undefined && !isExternalId(properties.externalId)) {
    throw new UserError(`Invalid --external-id: 2 to 1224 characters of letters, digits and _+=,.@:/-`)
  }
}

/** The values the rules look at: a mapping's effective properties after the change. */
export interface EffectiveProperties {
  type: TargetType
  sourceKind: SourceKind
  collapse?: string
  convertDDB?: boolean
  deaggregate?: boolean
  appendNewlines?: boolean
  role?: string
  region?: string
  externalId?: string
}

interface Rule {
  /** The properties whose change makes the rule worth checking. */
  involves: (keyof MappingProperties)[]
  problem(p: EffectiveProperties): string | undefined
}

const appendsNewlines = (p: EffectiveProperties): boolean =>
  p.type === 'firehose' || (COLLAPSIBLE_TYPES.includes(p.type) && (p.collapse === 'concat' || p.collapse === 'concat-b64'))

const RULES: Rule[] = [
  {
    involves: ['collapse'],
    problem: (p) =>
      p.collapse !== undefined && !COLLAPSIBLE_TYPES.includes(p.type)
        ? `--collapse only applies to sns, sqs and iot targets, not ${p.type}`
        : undefined,
  },
  {
    involves: ['convertDDB'],
    problem: (p) => (p.convertDDB && p.sourceKind !== 'dynamodb' ? '--convert-ddb only applies to DynamoDB stream sources' : undefined),
  },
  {
    involves: ['deaggregate'],
    problem: (p) => (p.deaggregate && p.sourceKind !== 'kinesis' ? '--deaggregate only applies to Kinesis stream sources' : undefined),
  },
  {
    involves: ['appendNewlines', 'collapse'],
    problem: (p) =>
      p.appendNewlines && !appendsNewlines(p)
        ? `--append-newlines only applies to firehose targets and to sns, sqs and iot targets with --collapse concat or concat-b64 (this one: ${p.type}${COLLAPSIBLE_TYPES.includes(p.type) ? `, collapse ${p.collapse ?? 'JSON'}` : ''})`
        : undefined,
  },
  {
    involves: ['role', 'region', 'externalId'],
    problem: (p) =>
      CACHE_TYPES.includes(p.type) && (p.role !== undefined || p.region !== undefined || p.externalId !== undefined)
        ? `--destination-role-arn, --destination-region and --external-id do not apply to ${p.type} targets (reached inside the VPC)`
        : undefined,
  },
  {
    involves: ['externalId', 'role'],
    problem: (p) => (p.externalId !== undefined && p.role === undefined ? '--external-id only applies with --destination-role-arn' : undefined),
  },
]

/** The first rule broken by the properties in `changed`, or undefined. */
export function propertyProblem(effective: EffectiveProperties, changed: Iterable<keyof MappingProperties>): string | undefined {
  const touched = new Set(changed)
  for (const rule of RULES) {
    if (!rule.involves.some((name) => touched.has(name))) continue
    const problem = rule.problem(effective)
    if (problem) return problem
  }
  return undefined
}
