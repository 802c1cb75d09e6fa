// The mappings of each source, read from the configuration table: every page of the Query, cached
// per source for the configured TTL. Each row goes through the shared schema; an invalid row is
// logged with its id and the reason and skipped, and the others still run.
import {DynamoDBClient, QueryCommand, type AttributeValue} from '@aws-sdk/client-dynamodb'
import {unmarshall} from '@aws-sdk/util-dynamodb'
import {createClient} from '../aws/client-factory.js'
import {functionRegion} from '../aws/target-clients.js'
import type {Logger} from '../log.js'
import {parseMappingItem, type Mapping} from '../mapping/schema.js'

export interface MappingStore {
  /** The active, valid mappings of a source (cached). Throws when the table cannot be read. */
  activeMappings(sourceArn: string): Promise<Mapping[]>
}

export interface MappingStoreOptions {
  tableName: string
  ttlMs: number
  log: Logger
  client?: Pick<DynamoDBClient, 'send'>
  now?: () => number
}

interface CacheEntry {
  loadedAt: number
  mappings: Promise<Mapping[]>
}

export function createMappingStore(options: MappingStoreOptions): MappingStore {
  const now = options.now ?? Date.now
  const cache = new Map<string, CacheEntry>()
  let client = options.client

  async function queryAll(sourceArn: string): Promise<Array<Record<string, AttributeValue>>> {
    client ??= createClient(DynamoDBClient, {maxAttempts: 3, region: functionRegion()})
    const items: Array<Record<string, AttributeValue>> = []
    let startKey: Record<string, AttributeValue> | undefined
    do {
      const page = await client.send(
        new QueryCommand({
          ExclusiveStartKey: startKey,
          ExpressionAttributeValues: {':source': {S: sourceArn}},
          KeyConditionExpression: 'sourceArn = :source',
          TableName: options.tableName,
        }),
      )
      items.push(...(page.Items ?? []))
      // The next page starts after the last evaluated key (the Bash-era function read
      // ExclusiveStartKey here and so never went past the first page).
      startKey = page.LastEvaluatedKey
    } while (startKey)
    return items
  }

  async function load(sourceArn: string): Promise<Mapping[]> {
    const items = await queryAll(sourceArn)
    const mappings: Mapping[] = []
    for (const raw of items) {
      let item: Record<string, unknown>
      try {
        item = unmarshall(raw)
      } catch (error) {
        options.log.error('invalid mapping skipped', {id: raw.id?.S ?? '(unknown)', reason: (error as Error).message, sourceArn})
        continue
      }
      const parsed = parseMappingItem(item)
      if (!parsed.ok) {
        options.log.error('invalid mapping skipped', {id: parsed.id, reason: parsed.reason, sourceArn, table: options.tableName})
        continue
      }
      for (const warning of parsed.warnings) options.log.warn('mapping warning', {id: parsed.mapping.id, sourceArn, warning})
      if (parsed.mapping.active) mappings.push(parsed.mapping)
    }
    options.log.debug('mappings loaded', {active: mappings.length, rows: items.length, sourceArn})
    return mappings
  }

  return {
    activeMappings(sourceArn) {
      const cached = cache.get(sourceArn)
      if (cached && now() - cached.loadedAt < options.ttlMs) return cached.mappings
      const entry: CacheEntry = {loadedAt: now(), mappings: load(sourceArn)}
      // A failed read is not cached: the next invocation tries again.
      entry.mappings.catch(() => cache.get(sourceArn) === entry && cache.delete(sourceArn))
      cache.set(sourceArn, entry)
      return entry.mappings
    },
  }
}
