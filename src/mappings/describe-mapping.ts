// A mapping as a short summary a person can check before it is written.
import {COLLAPSIBLE_TYPES, type Mapping} from '../../runtime/mapping/schema.js'
import {formatDuration} from '../../runtime/mapping/properties.js'
import {redactDestination} from '../../runtime/mapping/redact.js'

const COLLAPSE_MEANING: Record<string, string> = {
  'concat-b64': 'base64 of the records concatenated',
  JSON: 'records grouped as {"Records":[...]}',
  concat: "records' bytes concatenated",
  none: 'one message per record',
}

export function describeMapping(mapping: Mapping): string[] {
  const lines = [
    `  id           ${mapping.id}`,
    `  source       ${mapping.sourceArn}`,
    `  type         ${mapping.type}`,
    `  destination  ${redactDestination(mapping.type, mapping.destination)}`,
    `  active       ${mapping.active ? 'yes' : 'no (activate it with `kinesis-fanout activate`)'}`,
    `  order        ${mapping.parallel ? 'parallel (batches sent concurrently)' : 'ordered (strictly in order per target)'}`,
  ]
  if (COLLAPSIBLE_TYPES.includes(mapping.type) && mapping.collapse) lines.push(`  collapse     ${mapping.collapse} (${COLLAPSE_MEANING[mapping.collapse]})`)
  if (mapping.convertDDB) lines.push('  convertDDB   yes (DynamoDB images as plain JSON)')
  if (mapping.deaggregate) lines.push('  deaggregate  yes (KPL records split)')
  if (mapping.appendNewlines) lines.push('  newlines     a newline after each record')
  if (mapping.region) lines.push(`  region       ${mapping.region}`)
  if (mapping.role) lines.push(`  role         ${mapping.role}${mapping.externalId ? ' (with an external id)' : ''}`)
  if (mapping.filter) lines.push(`  filter       ${mapping.filter}`)
  if (mapping.parkAfter !== undefined) lines.push(`  park after   ${formatDuration(mapping.parkAfter)}`)
  if (mapping.partitionKey) lines.push(`  partition    ${mapping.partitionKey}`)
  if (mapping.messageGroupId) lines.push(`  group id     ${mapping.messageGroupId}`)
  if (mapping.passwordSecret) lines.push(`  password     from secret ${mapping.passwordSecret}`)
  return lines
}
