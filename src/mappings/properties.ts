// Mapping properties as the flags give them, checked with THE property table
// (runtime/mapping/properties.ts): the same table the function reads rows with, so a value that
// does not apply, or is invalid, is refused the same way by register, update and the wizard, and
// never written for the function to skip or ignore.
import {UserError} from '../errors.js'
import {
  FLAG_PROPERTIES,
  MAPPING_PROPERTIES,
  PROPERTY_BY_ATTRIBUTE,
  type MappingProperty,
  type PropertyAttribute,
  type PropertyContext,
  type PropertyValue,
} from '../../runtime/mapping/properties.js'
import type {Mapping} from '../../runtime/mapping/schema.js'
import {rememberSecret} from '../../runtime/mapping/redact.js'

export type MappingProperties = Partial<Pick<Mapping, PropertyAttribute>>

/** Flag of each property, for messages (`--destination-role-arn`). */
export const FLAG_OF = Object.fromEntries(FLAG_PROPERTIES.map((p) => [p.attribute, `--${p.flag}`])) as Record<PropertyAttribute, string>

/** The properties among parsed oclif flags (absent flags stay out). Flag parsers already canonicalised them. */
export function propertiesFromFlags(flags: Record<string, unknown>): MappingProperties {
  const properties: Record<string, unknown> = {}
  for (const property of FLAG_PROPERTIES) {
    const value = flags[property.flag]
    if (value === undefined) continue
    properties[property.attribute] = value
    // Masked in any error text from here on (base-command prints errors through redactSecrets).
    if (property.secret && typeof value === 'string') rememberSecret(value)
  }
  return properties as MappingProperties
}

/** The attributes `update --no-X` removes, from parsed flags. */
export function removalsFromFlags(flags: Record<string, unknown>): PropertyAttribute[] {
  return FLAG_PROPERTIES.filter((p) => p.removable && flags[`no-${p.flag}`] === true).map((p) => p.attribute)
}

/** `Invalid --collapse 'gzip': must be one of ...` (a secret's value is not echoed); exit 2. */
export function invalidValue(property: MappingProperty, value: PropertyValue): UserError | undefined {
  const problem = property.problem?.(value)
  if (!problem) return undefined
  const shown = property.secret || property.input === 'pattern' ? '' : ` '${String(value)}'`
  return new UserError(`Invalid --${property.flag}${shown}: ${problem}`, {exitCode: 2})
}

/** Refuses malformed values, naming the flag. */
export function checkPropertyValues(properties: MappingProperties): void {
  for (const [attribute, value] of Object.entries(properties) as [PropertyAttribute, PropertyValue][]) {
    const property = PROPERTY_BY_ATTRIBUTE[attribute]
    if (!property || value === undefined) continue
    const error = invalidValue(property, value)
    if (error) throw error
  }
}

/** The values the rules look at: a mapping's effective properties after the change. */
export type EffectiveProperties = PropertyContext & MappingProperties

/**
 * The first property that does not apply, among those in `changed` and those whose applicability
 * depends on one in `changed` (so a Bash-era row holding collapse on a kinesis target stays
 * updatable, while changing collapse re-checks appendNewlines).
 */
export function propertyProblem(effective: EffectiveProperties, changed: Iterable<PropertyAttribute | 'destination'>): string | undefined {
  const touched = new Set<string>(changed)
  const context: PropertyContext = {
    collapse: effective.collapse,
    destination: effective.destination,
    role: effective.role,
    sourceKind: effective.sourceKind,
    type: effective.type,
  }
  for (const property of MAPPING_PROPERTIES) {
    const value = effective[property.attribute]
    if (value === undefined || value === false) continue
    if (!touched.has(property.attribute) && !property.dependsOn?.some((name) => touched.has(name))) continue
    const reason = property.inapplicable?.(context)
    if (reason) return `--${property.flag} ${reason}`
  }
  return undefined
}
