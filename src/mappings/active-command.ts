// The shared body of set-active, activate and deactivate (they differ only in where `active` comes from).
import type {AwsClients} from '../aws/clients.js'
import type {SourceSelection} from '../sources/resolve-source.js'
import {afterWrite} from './command-support.js'
import {locateMapping} from './locate-mapping.js'
import {MappingTable} from './mapping-table.js'
import {setMappingActive} from './set-active.js'

export interface ActiveCommandContext {
  aws: AwsClients
  functionName: string
  tableName: string
  log: (message: string) => void
  note: (message: string) => void
}

export async function runSetActive(
  selection: SourceSelection,
  id: string | undefined,
  active: boolean,
  context: ActiveCommandContext,
): Promise<{sourceArn: string; id: string; active: boolean}> {
  const table = new MappingTable(context.aws, context.tableName)
  const key = await locateMapping(selection, id, {aws: context.aws, table})
  await setMappingActive(key, active, table)
  context.log(`Mapping '${key.id}' of ${key.sourceArn} is now ${active ? 'active' : 'inactive'}.`)
  await afterWrite(context.aws, {functionName: context.functionName, tableName: context.tableName}, context.note)
  return {...key, active}
}
