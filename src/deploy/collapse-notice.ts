// The Bash-era function never applied `collapse` to sns, sqs or iot (every record went as its own
// message). Rows asking for JSON, concat or concat-b64 (or with no collapse: JSON by default) are
// now honoured, which changes what their consumers receive: deploy (and list) point them out.
// Only rows whose collapse this CLI did not write (no `collapseSetBy`: Bash-era or hand-written):
// a row register wrote, or whose collapse update --collapse set, was chosen knowing it is honoured.
import {CLI_MARKER} from '../../runtime/mapping/properties.js'
import {COLLAPSIBLE_TYPES, effectiveCollapse, type Mapping} from '../../runtime/mapping/schema.js'

export function collapseBehaviourChanges(mappings: Mapping[]): Mapping[] {
  return mappings.filter((m) => COLLAPSIBLE_TYPES.includes(m.type) && effectiveCollapse(m) !== 'none' && m.collapseSetBy !== CLI_MARKER)
}

export function collapseNotice(mapping: Mapping): string {
  const how = mapping.collapse === undefined ? 'no collapse (JSON by default)' : `collapse ${mapping.collapse}`
  return `mapping ${mapping.id} (${mapping.type}, ${how}) on ${mapping.sourceArn}: records are now grouped into messages, the Bash-era function sent one message per record (set --collapse none to keep that)`
}
