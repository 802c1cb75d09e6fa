// memcached target: set key = record key (see cache/memcached-key.ts for keys memcached cannot
// take), value = record bytes, no expiry. The destination is a list of `host:port` nodes, or one
// ElastiCache configuration endpoint (`.cfg.` in the host) resolved by auto-discovery. The last
// record of a key in a batch wins. Values above the item size limit are skipped with a reason.
import {SERVICE_LIMITS} from '../limits.js'
import type {OutRecord} from '../records.js'
import {packBatches} from '../batching/pack.js'
import {deliverWithRetry, type AttemptOutcome} from '../delivery/retry.js'
import {latestPerKey} from './cache/latest-per-key.js'
import {ConnectionBudget, describeError, latestPerKeyReport} from './cache/failures.js'
import {memcachedKey} from './cache/memcached-key.js'
import {discoverNodes, isConfigurationEndpoint} from './cache/memcached-discovery.js'
import {memcachedClient} from './cache/memcached-clients.js'
import type {DeliveryContext, DeliveryReport, SkippedRecord, Target, TargetFactory} from './target.js'
import type {Logger} from '../log.js'

const limits = SERVICE_LIMITS.memcached

/** Replies (binary protocol status) that will never change for this item. */
const PERMANENT = /Value too large|Invalid arguments|Item not stored/
/** memjs reports server replies as `MemJS SET: <status>`; anything else is the connection. */
const isServerReply = (error: Error): boolean => error.message.startsWith('MemJS SET:')

async function resolveNodes(destination: string, log: Logger, mappingId: string): Promise<string[]> {
  if (!isConfigurationEndpoint(destination)) return destination.split(',').map((node) => node.trim())
  const {nodes, staleBecause} = await discoverNodes(destination)
  if (staleBecause) {
    log.warn(`memcached auto-discovery on ${destination} failed, using the last known nodes`, {error: staleBecause, mapping: mappingId, nodes})
  }
  return nodes
}

export const createMemcachedTarget: TargetFactory = (mapping): Target => {
  const destination = mapping.destination
  return {
    async deliver(records: OutRecord[], context: DeliveryContext): Promise<DeliveryReport> {
      const skipped: SkippedRecord[] = []
      const keys = new Map<OutRecord, string>()
      const sendable = records.filter((record) => {
        if (record.data.length > limits.maxEntryBytes) {
          skipped.push({reason: `value of ${record.data.length} bytes exceeds memcached's ${limits.maxEntryBytes}-byte item limit`, record})
          return false
        }
        keys.set(record, memcachedKey(record.key))
        return true
      })
      const keyOf = (record: OutRecord) => keys.get(record)!
      const {latest} = latestPerKey(sendable, keyOf)

      let nodes: string[]
      try {
        nodes = await resolveNodes(destination, context.log, mapping.id)
      } catch (error) {
        context.log.error(`memcached ${destination}: ${describeError(error)}; ${sendable.length} records reported for retry`, {mapping: mapping.id})
        return {calls: 1, delivered: 0, failed: sendable, retried: 0, skipped}
      }
      const client = memcachedClient(destination, nodes)
      const budget = new ConnectionBudget()
      let linkDown = false
      let calls = 0

      const result = await deliverWithRetry(
        latest,
        async (pending) => {
          const outcome: AttemptOutcome<OutRecord> = {reject: [], retry: []}
          const batches = packBatches(pending, (r) => r.data.length, {maxBytes: limits.maxBytesPerCall, maxEntries: limits.maxEntriesPerCall})
          let lastLinkError: Error | undefined
          for (const [n, batch] of batches.entries()) {
            calls++
            const settled = await Promise.allSettled(batch.map((record) => client.set(keyOf(record), record.data, {expires: 0})))
            let linkErrors = 0
            settled.forEach((s, i) => {
              if (s.status === 'fulfilled') return
              const error = s.reason as Error
              if (!isServerReply(error)) {
                linkErrors++
                lastLinkError = error
                outcome.retry.push(batch[i])
              } else if (PERMANENT.test(error.message)) {
                outcome.reject.push({entry: batch[i], reason: `memcached refused set: ${error.message.slice('MemJS SET: '.length)}`})
              } else {
                outcome.retry.push(batch[i])
              }
            })
            if (linkErrors === batch.length) {
              // The node(s) cannot be reached: the rest waits for the next round.
              for (const rest of batches.slice(n + 1)) outcome.retry.push(...rest)
              break
            }
          }
          if (lastLinkError) {
            // A few quick rounds per invocation for unreachable nodes, then back to Lambda.
            linkDown = !budget.fail()
            if (linkDown || outcome.retry.length === pending.length) throw lastLinkError
          }
          return outcome
        },
        {deadline: context.deadline, isRetryableError: () => !linkDown, signal: context.signal},
      )
      const report = latestPerKeyReport(sendable, result, {calls, keyOf, recordOf: (record) => record, skipped})
      if (report.failed.length > 0) {
        context.log.error(`memcached ${nodes.join(',')} unreachable or failing: ${report.failed.length} records reported for retry`, {
          error: describeError(result.lastError),
          mapping: mapping.id,
        })
      }
      return report
    },
  }
}
