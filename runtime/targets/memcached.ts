// memcached target: set key = record key (see cache/memcached-key.ts for keys memcached cannot
// take), value = record bytes, no expiry. The destination is a list of `host:port` nodes, or one
// ElastiCache configuration endpoint (`.cfg.` in the host) resolved by auto-discovery. The last
// record of a key in a batch wins. A record counts as delivered only when its set answered STORED.
// At the abort the node connections are destroyed, so a hung node never holds the invocation.
import {SERVICE_LIMITS, type TargetLimits} from '../limits.js'
import type {Logger} from '../log.js'
import type {Mapping} from '../mapping/schema.js'
import type {OutRecord} from '../records.js'
import {classifyError, describeError, untilAbort} from '../delivery/errors.js'
import {latestPerKey} from './cache/latest-per-key.js'
import {memcachedKey} from './cache/memcached-key.js'
import {discoverNodes, isConfigurationEndpoint} from './cache/memcached-discovery.js'
import {memcachedClient} from './cache/memcached-clients.js'
import {ACKNOWLEDGED, retry, type Entry, type EntryOutcome, type Shaped, type TargetDriver} from './target.js'

/** Replies (binary protocol status) that will never change for this item. */
const PERMANENT = /Value too large|Invalid arguments|Item not stored/
/** memjs reports server replies as `MemJS SET: <status>`; anything else is the connection. */
const isServerReply = (error: Error): boolean => error.message.startsWith('MemJS SET:')

interface MemcachedEntry extends Entry {
  key: string
  latest: OutRecord
}

async function resolveNodes(destination: string, log: Logger, mappingId: string): Promise<string[]> {
  if (!isConfigurationEndpoint(destination)) return destination.split(',').map((node) => node.trim())
  const {nodes, staleBecause} = await discoverNodes(destination)
  if (staleBecause) {
    log.warn(`memcached auto-discovery on ${destination} failed, using the last known nodes`, {error: staleBecause, mapping: mappingId, nodes})
  }
  return nodes
}

/** Pure: the last record of each (memcached) key; a value over the item size limit is refused. */
export function shapeMemcached(records: OutRecord[], limits: TargetLimits = SERVICE_LIMITS.memcached): Shaped<MemcachedEntry> {
  const shaped: Shaped<MemcachedEntry> = {entries: [], refused: []}
  const sendable = records.filter((record) => {
    if (typeof record.key !== 'string') {
      shaped.refused.push({reason: 'record has no readable key', record})
      return false
    }
    if (record.data.length > limits.maxEntryBytes) {
      shaped.refused.push({reason: `value of ${record.data.length} bytes exceeds memcached's ${limits.maxEntryBytes}-byte item limit`, record})
      return false
    }
    return true
  })
  for (const group of latestPerKey(sendable, (record) => memcachedKey(record.key))) {
    shaped.entries.push({key: group.key, latest: group.latest, records: group.records, size: group.latest.data.length})
  }
  return shaped
}

/** Each set's result: STORED acknowledges; a permanent status rejects; the rest is retried. */
export function memcachedOutcomes(settled: Array<PromiseSettledResult<boolean | null | undefined>>): EntryOutcome[] {
  let linkErrors = 0
  let linkError: Error | undefined
  const outcomes = settled.map((s): EntryOutcome => {
    if (s.status === 'fulfilled') return s.value === true ? ACKNOWLEDGED : retry('set not STORED')
    const error = s.reason as Error
    if (!isServerReply(error)) {
      linkErrors++
      linkError = error
      return retry(describeError(error))
    }
    if (PERMANENT.test(error.message)) return {kind: 'rejected', reason: `memcached refused set: ${error.message.slice('MemJS SET: '.length)}`}
    return retry(error.message)
  })
  // No node answered: a link failure of the whole call (the loop backs off).
  if (linkError && linkErrors === settled.length) throw linkError
  return outcomes
}

export function createMemcachedDriver(mapping: Mapping): TargetDriver<MemcachedEntry> {
  const destination = mapping.destination
  return {
    classify(error) {
      const reading = classifyError(error)
      // A node that does not answer (closed, reset, timed out): worth another attempt.
      return reading.kind === 'unknown' && !(error instanceof Error && isServerReply(error)) ? {kind: 'retryable'} : reading
    },
    // One batch (100 sets, limits.ts) in flight at a time: each set is its own request.
    concurrency: 1,
    label: destination,
    limits: () => SERVICE_LIMITS.memcached,
    preview: (batch) => batch.map((entry) => ({fields: {key: entry.key}, payload: entry.latest.data, records: entry.records})),
    async send(batch, signal, log) {
      const nodes = await untilAbort(resolveNodes(destination, log, mapping.id), signal)
      const client = memcachedClient(destination, nodes)
      // At the abort every node's socket is destroyed: the sets in flight fail at once.
      const onAbort = () => {
        for (const server of (client as unknown as {servers: Array<{error(error: Error): void}>}).servers) server.error(new Error('aborted'))
      }
      signal.addEventListener('abort', onAbort, {once: true})
      try {
        const settled = await Promise.allSettled(batch.map((entry) => client.set(entry.key, entry.latest.data, {expires: 0})))
        return memcachedOutcomes(settled)
      } finally {
        signal.removeEventListener('abort', onAbort)
      }
    },
    shape: (records, limits) => shapeMemcached(records, limits),
  }
}
