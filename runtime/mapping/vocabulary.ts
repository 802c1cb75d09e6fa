// The words of the mapping table that both the schema and the property table use: target types and
// collapse modes. (A module of its own so that schema.ts and properties.ts import it without a cycle.)

export const TARGET_TYPES = ['sns', 'sqs', 'es', 'kinesis', 'firehose', 'iot', 'lambda', 'memcached', 'redis'] as const
export type TargetType = (typeof TARGET_TYPES)[number]

export const COLLAPSE_MODES = ['none', 'JSON', 'concat', 'concat-b64'] as const
export type CollapseMode = (typeof COLLAPSE_MODES)[number]

/** Target types whose messages can carry several records (the `collapse` attribute applies). */
export const COLLAPSIBLE_TYPES: readonly TargetType[] = ['sns', 'sqs', 'iot']
/** Target types that cannot assume a role or change region (they are reached over the VPC). */
export const CACHE_TYPES: readonly TargetType[] = ['memcached', 'redis']

/** What a row without `collapse` gets (the documented default of the Bash-era function). */
export const DEFAULT_COLLAPSE: CollapseMode = 'JSON'
/** What `register` writes when no collapse is given (as the Bash CLI did). */
export const REGISTER_DEFAULT_COLLAPSE: CollapseMode = 'none'

export const isTargetType = (value: unknown): value is TargetType =>
  typeof value === 'string' && (TARGET_TYPES as readonly string[]).includes(value)

export const isCollapseMode = (value: unknown): value is CollapseMode =>
  typeof value === 'string' && (COLLAPSE_MODES as readonly string[]).includes(value)

/** The canonical spelling of an option value given in any case (`json` -> `JSON`), or undefined. */
export function canonicalChoice<T extends string>(choices: readonly T[], value: string): T | undefined {
  return choices.find((choice) => choice === value) ?? choices.find((choice) => choice.toLowerCase() === value.toLowerCase())
}
