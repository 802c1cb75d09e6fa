// es target: OpenSearch / Elasticsearch `_bulk` index actions, `_id` = record key, document =
// record JSON (see es/bulk-body.ts for records that are not JSON objects), SigV4-signed. Bodies are
// packed under the limit of runtime/limits.ts. The response is read item by item: only a 2xx item
// is delivered; 429, 5xx and missing items are sent again, other item errors are rejected for good.
import {SERVICE_LIMITS, type TargetLimits} from '../limits.js'
import type {Mapping} from '../mapping/schema.js'
import type {OutRecord} from '../records.js'
import {classifyError, isRetryableError, isUnreachable} from '../delivery/errors.js'
import {bulkBody, bulkEntry, esDocument, type BulkEntry} from './es/bulk-body.js'
import {parseEsDestination} from './es/destination.js'
import {esClient} from './es/client.js'
import {latestPerKey} from './cache/latest-per-key.js'
import {ACKNOWLEDGED, retry, type Entry, type EntryOutcome, type Shaped, type TargetDriver} from './target.js'

interface BulkItem {
  status?: number
  error?: {type?: string; reason?: string} | string
}

/** The client's errors for a domain that cannot be reached (or answers too slowly). */
const TRANSPORT_ERRORS = new Set(['ConnectionError', 'NoLivingConnectionsError', 'TimeoutError', 'RequestAbortedError'])

export const isRetryableEsError = (error: unknown): boolean =>
  isRetryableError(error) || (error instanceof Error && TRANSPORT_ERRORS.has(error.name))

export const itemRetryable = (status: number): boolean => status === 429 || status >= 500

function itemReason(item: BulkItem): string {
  const error = item.error
  const detail = typeof error === 'string' ? error : [error?.type, error?.reason].filter(Boolean).join(': ')
  return `OpenSearch refused the document (status ${item.status ?? '?'}${detail ? `, ${detail}` : ''})`
}

function responseError(error: unknown): string {
  const e = error as {name?: string; message?: string; meta?: {statusCode?: number; body?: unknown}}
  const status = e.meta?.statusCode
  const body = e.meta?.body === undefined ? '' : ` ${JSON.stringify(e.meta.body).slice(0, 300)}`
  return `${e.name ?? 'Error'}${status ? ` (HTTP ${status})` : ''}: ${e.message ?? String(error)}${body}`
}

interface EsEntry extends Entry {
  bulk: BulkEntry
}

// One document per _id: the last record of a key wins (its earlier records ride along); records
// without a key get ids from the domain and are all sent.
const keyOf = (record: OutRecord) => (record.key === '' ? `\u0000${record.source.index}:${record.subSequence ?? ''}` : record.key)

/** Pure: one index action per _id; a document over the request limit is refused. */
export function shapeEs(records: OutRecord[], limits: TargetLimits = SERVICE_LIMITS.es): Shaped<EsEntry> {
  const shaped: Shaped<EsEntry> = {entries: [], refused: []}
  const sendable: OutRecord[] = []
  for (const record of records) {
    if (typeof record.key !== 'string') shaped.refused.push({reason: 'record has no readable key', record})
    else sendable.push(record)
  }
  for (const group of latestPerKey(sendable, keyOf)) {
    const bulk = bulkEntry(group.latest)
    if (bulk.lines.length > limits.maxEntryBytes) {
      for (const record of group.records) {
        shaped.refused.push({reason: `document of ${bulk.lines.length} bytes exceeds the ${limits.maxEntryBytes}-byte bulk request limit`, record})
      }
    } else shaped.entries.push({bulk, records: group.records, size: bulk.lines.length})
  }
  return shaped
}

/** Acknowledged only: an item with a 2xx status; 429, 5xx and missing items are retried. */
export function bulkOutcomes(count: number, body: unknown): EntryOutcome[] {
  const items = (body as {items?: unknown} | undefined)?.items
  const list = Array.isArray(items) ? (items as Array<Record<string, BulkItem> | undefined>) : []
  return Array.from({length: count}, (_, n): EntryOutcome => {
    const wrapper = list[n]
    const item = wrapper && typeof wrapper === 'object' ? Object.values(wrapper)[0] : undefined
    const status = typeof item?.status === 'number' ? item.status : 0
    if (status >= 200 && status < 300) return ACKNOWLEDGED
    if (!item || status === 0 || itemRetryable(status)) return retry(item ? itemReason(item) : 'no item in the bulk answer')
    return {kind: 'rejected', reason: itemReason(item)}
  })
}

export function createEsDriver(mapping: Mapping): TargetDriver<EsEntry> {
  const destination = parseEsDestination(mapping.destination)
  const path = `/${encodeURIComponent(destination.index)}/_bulk`
  return {
    classify: (error) => (!isUnreachable(error) && isRetryableEsError(error) ? {kind: 'retryable'} : classifyError(error)),
    label: `${destination.node}${path}`,
    limits: () => SERVICE_LIMITS.es,
    preview: (batch) =>
      batch.map((entry) => ({
        fields: entry.bulk.record.key ? {_id: entry.bulk.record.key} : ({} as Record<string, string>),
        payload: esDocument(entry.bulk.record.data),
        records: entry.records,
      })),
    async send(batch, signal, log) {
      const client = esClient(mapping, destination)
      const request = client.transport.request(
        {bulkBody: bulkBody(batch.map((entry) => entry.bulk)), method: 'POST', path},
        {headers: {'content-type': 'application/x-ndjson'}, requestTimeout: 30_000},
      )
      // A block, not an expression: abort() returns the request, a thenable that EventTarget would
      // take for the listener's promise, and its rejection would crash the process.
      const onAbort = () => {
        request.abort()
      }
      signal.addEventListener('abort', onAbort, {once: true})
      try {
        const response = await request
        return bulkOutcomes(batch.length, response.body)
      } catch (error) {
        if (!isRetryableEsError(error)) log.error(`es ${destination.node}${path} refused the bulk request`, {error: responseError(error), mapping: mapping.id})
        throw error
      } finally {
        signal.removeEventListener('abort', onAbort)
      }
    },
    shape: (records, limits) => shapeEs(records, limits),
  }
}
