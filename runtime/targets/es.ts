// es target: OpenSearch / Elasticsearch `_bulk` index actions, `_id` = record key, document =
// record JSON (see es/bulk-body.ts for records that are not JSON objects), SigV4-signed. Bodies are
// packed under the limit of runtime/limits.ts. The response is read item by item: 429 and 5xx items
// are sent again, other item errors are skipped with their reason and counted.
import {SERVICE_LIMITS} from '../limits.js'
import type {OutRecord} from '../records.js'
import {packBatches} from '../batching/pack.js'
import {deliverWithRetry, isRetryableError, type AttemptOutcome} from '../delivery/retry.js'
import {bulkBody, bulkEntry, type BulkEntry} from './es/bulk-body.js'
import {parseEsDestination} from './es/destination.js'
import {esClient} from './es/client.js'
import {latestPerKey} from './cache/latest-per-key.js'
import {latestPerKeyReport} from './cache/failures.js'
import type {DeliveryContext, DeliveryReport, SkippedRecord, Target, TargetFactory} from './target.js'

const limits = SERVICE_LIMITS.es

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

export const createEsTarget: TargetFactory = (mapping): Target => {
  const destination = parseEsDestination(mapping.destination)
  const path = `/${encodeURIComponent(destination.index)}/_bulk`
  return {
    async deliver(records: OutRecord[], context: DeliveryContext): Promise<DeliveryReport> {
      const client = esClient(mapping, destination)
      const skipped: SkippedRecord[] = []
      const entries: BulkEntry[] = []
      // One document per _id: the last record of a key wins, also when an earlier one would be
      // retried after it (records without a key get ids from the domain and are all sent).
      const keyOf = (record: OutRecord) => (record.key === '' ? `\u0000${record.source.index}:${record.subSequence ?? ''}` : record.key)
      const {latest} = latestPerKey(records, keyOf)
      for (const record of latest) {
        const entry = bulkEntry(record)
        if (entry.lines.length > limits.maxEntryBytes) {
          skipped.push({reason: `document of ${entry.lines.length} bytes exceeds the ${limits.maxEntryBytes}-byte bulk request limit`, record})
        } else entries.push(entry)
      }
      let calls = 0
      let fatal: unknown
      const result = await deliverWithRetry(
        entries,
        async (pending) => {
          // A refusal of the whole request (access denied, no such index) is not worth more rounds.
          if (fatal !== undefined) throw fatal
          const outcome: AttemptOutcome<BulkEntry> = {reject: [], retry: []}
          const batches = packBatches(pending, (e) => e.lines.length, {maxBytes: limits.maxBytesPerCall, maxEntries: limits.maxEntriesPerCall})
          for (const [n, batch] of batches.entries()) {
            calls++
            let items: Array<Record<string, BulkItem>>
            try {
              const timeout = Math.max(1_000, Math.min(30_000, context.deadline - Date.now()))
              const response = await client.transport.request(
                {bulkBody: bulkBody(batch), method: 'POST', path},
                {headers: {'content-type': 'application/x-ndjson'}, requestTimeout: timeout},
              )
              items = (response.body as {items?: Array<Record<string, BulkItem>>}).items ?? []
            } catch (error) {
              if (!isRetryableEsError(error)) {
                fatal = error
                context.log.error(`es ${destination.node}${path} refused the bulk request`, {error: responseError(error), mapping: mapping.id})
              }
              if (n === 0) throw error
              for (const rest of batches.slice(n)) outcome.retry.push(...rest)
              break
            }
            batch.forEach((entry, i) => {
              const item = items[i] ? Object.values(items[i])[0] : undefined
              const status = item?.status ?? 0
              if (status >= 200 && status < 300) return
              if (!item || itemRetryable(status)) outcome.retry.push(entry)
              else outcome.reject.push({entry, reason: itemReason(item)})
            })
          }
          return outcome
        },
        {deadline: context.deadline, isRetryableError: (e) => fatal === undefined && isRetryableEsError(e), signal: context.signal},
      )
      if (result.failed.length > 0 && fatal === undefined) {
        context.log.error(`es ${destination.node}${path}: ${result.failed.length} documents not indexed in time, reported for retry`, {
          error: result.lastError === undefined ? undefined : responseError(result.lastError),
          mapping: mapping.id,
        })
      }
      const skippedRecords = new Set(skipped.map((s) => s.record))
      const sendable = records.filter((record) => !skippedRecords.has(record))
      return latestPerKeyReport(sendable, result, {calls, keyOf, recordOf: (entry) => entry.record, skipped})
    },
  }
}
