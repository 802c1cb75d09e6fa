// Finds the key (sourceArn + id) of an existing mapping. With a source selection it is that source;
// without one the id is looked up across the table, so `activate --id ID` works when the id is
// unique, and names every source when it is not.
import {UserError} from '../errors.js'
import type {AwsClients} from '../aws/clients.js'
import {hasSourceSelection, resolveSourceArn, type SourceSelection} from '../source-lookup/resolve-source.js'
import {arnString} from './source-arn.js'
import type {MappingTable, TableRow} from './mapping-table.js'

export interface MappingKey {
  sourceArn: string
  id: string
}

export async function locateMapping(selection: SourceSelection, id: string | undefined, deps: {aws: AwsClients; table: MappingTable}): Promise<MappingKey> {
  if (!id) throw new UserError('Missing --id: the id of the mapping')
  if (hasSourceSelection(selection)) return {id, sourceArn: arnString(await resolveSourceArn(selection, deps.aws))}
  const matches = (await deps.table.listAll()).filter((row) => row.item.id === id)
  if (matches.length === 0) {
    throw new UserError(`Mapping '${id}' not found in table '${deps.table.tableName}'`, {suggestion: 'list them with `kinesis-fanout list --all`'})
  }
  if (matches.length > 1) {
    const sources = matches.map((row) => String(row.item.sourceArn)).join(', ')
    throw new UserError(`Mapping id '${id}' exists for several sources (${sources}): give --source-arn`)
  }
  return {id, sourceArn: String(matches[0].item.sourceArn)}
}

/** The stored row of a key; a missing one is refused. */
export async function getExisting(key: MappingKey, table: MappingTable): Promise<TableRow> {
  const row = await table.get(key.sourceArn, key.id)
  if (!row) throw new UserError(`Mapping '${key.id}' not found for ${key.sourceArn}`, {suggestion: 'list them with `kinesis-fanout list`'})
  return row
}
