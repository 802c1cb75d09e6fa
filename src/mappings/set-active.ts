// Turning a mapping on or off: one conditional update of `active` (a missing id is refused).
import type {MappingKey} from './locate-mapping.js'
import type {MappingTable} from './mapping-table.js'

export async function setMappingActive(key: MappingKey, active: boolean, table: MappingTable): Promise<void> {
  await table.update(key.sourceArn, key.id, {active})
}
