// What the mapping commands share around their service call: the source selection from flags,
// the role policy before the row is written, the follow-up after a write (policy refresh, cache
// reminder), and how a changed value is shown (without secrets).
import type {AwsClients} from '../aws/clients.js'
import type {SourceSelection} from '../source-lookup/resolve-source.js'
import {PROPERTY_BY_ATTRIBUTE, formatDuration, type PropertyAttribute} from '../../runtime/mapping/properties.js'
import {MASK, redactDestination} from '../../runtime/mapping/redact.js'
import type {Mapping, MappingItem} from '../../runtime/mapping/schema.js'
import {refreshPolicyQuietly, TTL_REMINDER} from './after-change.js'

export const TTL_REMINDER_NOTE = TTL_REMINDER

export function sourceSelection(flags: Record<string, unknown>): SourceSelection {
  return {
    source: flags.source as string | undefined,
    'source-arn': flags['source-arn'] as string | undefined,
    'source-type': flags['source-type'] as string | undefined,
  }
}

/** After a write that can only take rights away (unregister, deactivate): refresh quietly, remind of the cache. */
export async function afterWrite(
  aws: AwsClients,
  names: {functionName: string; tableName: string},
  note: (message: string) => void,
): Promise<void> {
  await refreshPolicyQuietly(aws, names, note)
  note(TTL_REMINDER)
}

/** The role policy step of register, update, activate and set-active: run before the row is written. */
export function roleBeforeWrite(
  aws: AwsClients,
  options: {functionName: string; tableName: string; skipRoleUpdate?: boolean},
  note: (message: string) => void,
): (mapping: Mapping) => Promise<void> {
  return async (mapping) => {
    const {updateRoleBeforeWrite} = await import('../deploy/publish-policy.js')
    await updateRoleBeforeWrite(aws, {...options, mapping}, note)
  }
}

/** At most `max` characters of a long value (filters in `list`), with an ellipsis. */
export const shorten = (text: string, max = 40): string => (text.length <= max ? text : `${text.slice(0, max - 1)}…`)

/** `name=value` of a changed attribute, as it may be shown. */
export function formatChange(name: string, value: unknown, item: MappingItem): string {
  if (name === 'destination') return `destination=${redactDestination(String(item.type), String(value))}`
  const property = PROPERTY_BY_ATTRIBUTE[name as PropertyAttribute]
  if (property?.secret) return `${name}=${MASK}`
  if (name === 'parkAfter' && typeof value === 'number') return `parkAfter=${formatDuration(value)}`
  if (name === 'filter') return `filter=${shorten(String(value))}`
  return `${name}=${String(value)}`
}
