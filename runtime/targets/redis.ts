// redis target: SET key = record key, value = record bytes, pipelined per batch. Within a batch
// the last record of a key wins (only it is sent, see cache/latest-per-key.ts). Connections are
// reused across invocations and rebuilt after a failure; a server that cannot be reached gets one
// clear log line and the records are reported failed, so Lambda retries them (nothing is lost).
import {SERVICE_LIMITS} from '../limits.js'
import type {OutRecord} from '../records.js'
import {packBatches} from '../batching/pack.js'
import {deliverWithRetry, type AttemptOutcome} from '../delivery/retry.js'
import {latestPerKey} from './cache/latest-per-key.js'
import {ConnectionBudget, describeError, latestPerKeyReport} from './cache/failures.js'
import {dropRedisConnection, redisConnection, redisLabel} from './cache/redis-connection.js'
import type {DeliveryContext, DeliveryReport, SkippedRecord, Target, TargetFactory} from './target.js'

const limits = SERVICE_LIMITS.redis

/** Error replies that mean the server is busy, loading or failing over: worth another attempt. */
const TRANSIENT_REPLY = /^(LOADING|BUSY|TRYAGAIN|CLUSTERDOWN|MASTERDOWN|OOM|READONLY)\b/

/** Error replies that say the destination is set up wrong (cluster mode, ACL): fail, never skip. */
const SETUP_REPLY = /^(MOVED|ASK|NOAUTH|NOPERM|WRONGPASS)\b/

/** ioredis marks server error replies (ReplyError) with the command; anything else is the link. */
const isReplyError = (error: Error): boolean => error.name === 'ReplyError' || 'command' in error

class ConnectionLost extends Error {
  override name = 'ConnectionLost'
}

async function setPipelined(destination: string, batch: OutRecord[], passwordSecret?: string): Promise<AttemptOutcome<OutRecord>> {
  const client = await redisConnection(destination, passwordSecret)
  const pipeline = client.pipeline()
  for (const record of batch) pipeline.set(record.key, record.data)
  const replies = await pipeline.exec().catch((error: unknown) => {
    dropRedisConnection(destination, passwordSecret)
    throw error
  })
  if (!replies) throw new ConnectionLost('pipeline aborted')
  const retry: OutRecord[] = []
  const reject: AttemptOutcome<OutRecord>['reject'] = []
  let linkError: Error | undefined
  replies.forEach(([error], n) => {
    if (!error) return
    if (!isReplyError(error) || SETUP_REPLY.test(error.message)) linkError ??= error
    else if (TRANSIENT_REPLY.test(error.message)) retry.push(batch[n])
    else reject.push({entry: batch[n], reason: `redis refused SET: ${error.message}`})
  })
  if (linkError) {
    // The whole batch again (SET is idempotent and its keys are unique): counts as a link failure.
    dropRedisConnection(destination, passwordSecret)
    throw linkError
  }
  return {reject, retry}
}

export const createRedisTarget: TargetFactory = (mapping): Target => {
  const destination = mapping.destination
  const label = redisLabel(destination)
  return {
    async deliver(records: OutRecord[], context: DeliveryContext): Promise<DeliveryReport> {
      const skipped: SkippedRecord[] = []
      const sendable = records.filter((record) => {
        if (record.data.length <= limits.maxEntryBytes) return true
        skipped.push({reason: `value of ${record.data.length} bytes exceeds the ${limits.maxEntryBytes} bytes Redis accepts`, record})
        return false
      })
      const {latest} = latestPerKey(sendable)
      const budget = new ConnectionBudget()
      let calls = 0
      let linkDown = false
      const result = await deliverWithRetry(
        latest,
        async (pending) => {
          const outcome: AttemptOutcome<OutRecord> = {reject: [], retry: []}
          const batches = packBatches(pending, (r) => r.data.length + Buffer.byteLength(r.key), {
            maxBytes: limits.maxBytesPerCall,
            maxEntries: limits.maxEntriesPerCall,
          })
          // All pipelines go out at once on the one connection: Redis runs them in the order sent,
          // so this is as ordered as sending them one by one, without a round trip each.
          calls += batches.length
          const settled = await Promise.allSettled(batches.map((batch) => setPipelined(destination, batch, mapping.passwordSecret)))
          let linkError: unknown
          settled.forEach((s, n) => {
            if (s.status === 'fulfilled') {
              outcome.reject.push(...s.value.reject)
              outcome.retry.push(...s.value.retry)
            } else {
              linkError ??= s.reason
              outcome.retry.push(...batches[n])
            }
          })
          if (linkError !== undefined) {
            // The link is down: a few quick rounds per invocation, then the records go back to Lambda.
            linkDown = !budget.fail()
            if (linkDown || outcome.retry.length === pending.length) throw linkError
          }
          return outcome
        },
        {deadline: context.deadline, isRetryableError: () => !linkDown, signal: context.signal},
      )
      const report = latestPerKeyReport(sendable, result, {calls, recordOf: (record) => record, skipped})
      if (report.failed.length > 0) {
        context.log.error(`redis ${label} unreachable or failing: ${report.failed.length} records reported for retry`, {
          error: describeError(result.lastError),
          mapping: mapping.id,
        })
      }
      return report
    },
  }
}
