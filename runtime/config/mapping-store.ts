// The mappings of each source, read from the configuration table: every page of the Query, cached
// per source for the configured TTL. Each row goes through the shared schema; an invalid row is
// logged with its id and the reason and skipped, and the others still run.
import {DynamoDBClient, QueryCommand, type AttributeValue} from '@aws-sdk/client-dynamodb'
import {unmarshall} from '@aws-sdk/util-dynamodb'
import {createClient} from '../aws/client-factory.js'
import {functionRegion} from '../aws/target-clients.js'
import type {Logger} from '../log.js'
import {parseMappingItem, type Mapping} from '../mapping/schema.js'

export interface LoadOptions {
  /** Aborts the Query (the invocation is ending). */
  signal?: AbortSignal
  /** Longest wait for the table; the read fails after it. */
  timeoutMs?: number
}

export interface MappingStore {
  /** The active, valid mappings of a source (cached). Throws when the table cannot be read. */
  activeMappings(sourceArn: string, options?: LoadOptions): Promise<Mapping[]>
  /** Invalid rows of the source at its last load (0 when not loaded). */
  invalidRows?(sourceArn: string): number
  /** The table's name (for log lines). */
  readonly tableName?: string
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
  invalid: number
}

export function createMappingStore(options: MappingStoreOptions): MappingStore {
  const now = options.now ?? Date.now
  const cache = new Map<string, CacheEntry>()
  let client = options.client

  async function queryAll(sourceArn: string, signal: AbortSignal | undefined): Promise<Array<Record<string, AttributeValue>>> {
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
        {abortSignal: signal},
      )
      items.push(...(page.Items ?? []))
      // The next page starts after the last evaluated key (the Bash-era function read
      // ExclusiveStartKey here and so never went past the first page).
      startKey = page.LastEvaluatedKey
    } while (startKey)
    return items
  }

  async function load(sourceArn: string, entry: CacheEntry, signal: AbortSignal | undefined): Promise<Mapping[]> {
    const items = await queryAll(sourceArn, signal)
    const mappings: Mapping[] = []
    for (const raw of items) {
      let item: Record<string, unknown>
      try {
        item = unmarshall(raw)
      } catch (error) {
        options.log.error('invalid mapping skipped', {id: raw.id?.S ?? '(unknown)', reason: (error as Error).message, sourceArn, table: options.tableName})
        entry.invalid++
        continue
      }
      const parsed = parseMappingItem(item)
      if (!parsed.ok) {
        options.log.error('invalid mapping skipped', {id: parsed.id, reason: parsed.reason, sourceArn, table: options.tableName})
        entry.invalid++
        continue
      }
      for (const warning of parsed.warnings) options.log.warn('mapping warning', {id: parsed.mapping.id, sourceArn, warning})
      if (parsed.mapping.active) mappings.push(parsed.mapping)
    }
    options.log.debug('mappings loaded', {active: mappings.length, rows: items.length, sourceArn})
    return mappings
  }

  /** The read, abandoned at the invocation's abort or after the timeout (never a hung Query). */
  function bounded(entry: CacheEntry, load: AbortController, loadOptions: LoadOptions): Promise<Mapping[]> {
    const {signal, timeoutMs} = loadOptions
    if (!signal && timeoutMs === undefined) return entry.mappings
    return new Promise<Mapping[]>((resolve, reject) => {
      const fail = (reason: string) => {
        cleanup()
        load.abort()
        reject(new Error(`the configuration table ${options.tableName} ${reason}`))
      }
      const onAbort = () => fail('did not answer before the invocation had to end')
      const timer = timeoutMs === undefined ? undefined : setTimeout(() => fail(`did not answer within ${timeoutMs} ms`), timeoutMs)
      timer?.unref?.()
      const cleanup = () => {
        if (timer) clearTimeout(timer)
        signal?.removeEventListener('abort', onAbort)
      }
      if (signal?.aborted) return onAbort()
      signal?.addEventListener('abort', onAbort, {once: true})
      entry.mappings.then(
        (value) => {
          cleanup()
          resolve(value)
        },
        (error: unknown) => {
          cleanup()
          reject(error)
        },
      )
    })
  }

  const pending = new WeakMap<CacheEntry, AbortController>()

  return {
    activeMappings(sourceArn, loadOptions = {}) {
      const cached = cache.get(sourceArn)
      if (cached && now() - cached.loadedAt < options.ttlMs) {
        const controller = pending.get(cached)
        return controller ? bounded(cached, controller, loadOptions) : cached.mappings
      }
      const controller = new AbortController()
      const entry: CacheEntry = {invalid: 0, loadedAt: now(), mappings: Promise.resolve([])}
      entry.mappings = load(sourceArn, entry, controller.signal)
      pending.set(entry, controller)
      entry.mappings.then(
        () => pending.delete(entry),
        // A failed read is not cached: the next invocation tries again.
        () => cache.get(sourceArn) === entry && cache.delete(sourceArn),
      )
      cache.set(sourceArn, entry)
      return bounded(entry, controller, loadOptions)
    },
    invalidRows: (sourceArn) => cache.get(sourceArn)?.invalid ?? 0,
    tableName: options.tableName,
  }
}
