// redis target: SET key = record key, value = record bytes, pipelined per batch. Within a batch
// the last record of a key wins (only it is sent; cache/latest-per-key.ts). A record counts as
// delivered only when its SET answered `OK`. Connections are reused across invocations and rebuilt
// after a failure; at the abort the connection is destroyed, so a hung server never holds the
// invocation past its deadline.
import {SERVICE_LIMITS, type TargetLimits} from '../limits.js'
import type {Mapping} from '../mapping/schema.js'
import type {OutRecord} from '../records.js'
import {classifyError, untilAbort} from '../delivery/errors.js'
import {latestPerKey} from './cache/latest-per-key.js'
import {dropRedisConnection, redisConnection, redisLabel} from './cache/redis-connection.js'
import {ACKNOWLEDGED, retry, type Entry, type EntryOutcome, type Shaped, type TargetDriver} from './target.js'

/** Error replies that mean the server is busy, loading or failing over: worth another attempt. */
const TRANSIENT_REPLY = /^(LOADING|BUSY|TRYAGAIN|CLUSTERDOWN|MASTERDOWN|OOM|READONLY)\b/

/** Error replies that say the destination is set up wrong (cluster mode, ACL): refused, never skipped. */
const SETUP_REPLY = /^(MOVED|ASK|NOAUTH|NOPERM|WRONGPASS)\b/

/** ioredis marks server error replies (ReplyError) with the command; anything else is the link. */
const isReplyError = (error: Error): boolean => error.name === 'ReplyError' || 'command' in error

class ConnectionLost extends Error {
  override name = 'ConnectionLost'
}

class SetupRefused extends Error {
  override name = 'RedisSetupError'
}

interface RedisEntry extends Entry {
  latest: OutRecord
}

/** Pure: the last record of each key (its earlier records ride along); a value over the limit is refused. */
export function shapeRedis(records: OutRecord[], limits: TargetLimits = SERVICE_LIMITS.redis): Shaped<RedisEntry> {
  const shaped: Shaped<RedisEntry> = {entries: [], refused: []}
  const sendable = records.filter((record) => {
    if (typeof record.key === 'string' && record.data.length <= limits.maxEntryBytes) return true
    const reason = typeof record.key !== 'string' ? 'record has no readable key' : `value of ${record.data.length} bytes exceeds the ${limits.maxEntryBytes} bytes Redis accepts`
    shaped.refused.push({reason, record})
    return false
  })
  for (const group of latestPerKey(sendable)) {
    shaped.entries.push({latest: group.latest, records: group.records, size: group.latest.data.length + Buffer.byteLength(group.latest.key)})
  }
  return shaped
}

/** The replies of a pipeline, entry by entry (acknowledged only on `OK`); throws for link errors. */
export function redisOutcomes(replies: Array<[Error | null, unknown]> | null, count: number): EntryOutcome[] {
  if (!replies) throw new ConnectionLost('pipeline aborted')
  const outcomes: EntryOutcome[] = []
  let linkError: Error | undefined
  for (let n = 0; n < count; n++) {
    const [error, result] = replies[n] ?? [null, undefined]
    if (!error) {
      outcomes.push(result === 'OK' ? ACKNOWLEDGED : retry(`SET answered ${JSON.stringify(result)}`))
      continue
    }
    if (SETUP_REPLY.test(error.message)) throw new SetupRefused(`redis refused SET: ${error.message}`)
    if (!isReplyError(error)) linkError ??= error
    else if (TRANSIENT_REPLY.test(error.message)) outcomes.push(retry(error.message))
    else outcomes.push({kind: 'rejected', reason: `redis refused SET: ${error.message}`})
  }
  // A link error: the whole batch again (SET is idempotent and its keys are unique).
  if (linkError) throw linkError
  return outcomes
}

export function createRedisDriver(mapping: Mapping): TargetDriver<RedisEntry> {
  const destination = mapping.destination
  const secret = mapping.passwordSecret
  return {
    classify(error) {
      if (error instanceof SetupRefused) return {kind: 'permanent', scope: 'destination'}
      const reading = classifyError(error)
      // Anything but a server reply is the link (closed, reset, timed out): worth another attempt.
      return reading.kind === 'unknown' && !(error instanceof Error && isReplyError(error)) ? {kind: 'retryable'} : reading
    },
    label: redisLabel(destination),
    limits: () => SERVICE_LIMITS.redis,
    preview: (batch) => batch.map((entry) => ({fields: {key: entry.latest.key}, payload: entry.latest.data, records: entry.records})),
    async send(batch, signal) {
      // At the abort the connection is destroyed: connect, write and read all end at once.
      const onAbort = () => dropRedisConnection(destination, secret)
      signal.addEventListener('abort', onAbort, {once: true})
      try {
        const client = await untilAbort(redisConnection(destination, secret), signal)
        const pipeline = client.pipeline()
        for (const entry of batch) pipeline.set(entry.latest.key, entry.latest.data)
        const replies = await pipeline.exec().catch((error: unknown) => {
          dropRedisConnection(destination, secret)
          throw error
        })
        try {
          return redisOutcomes(replies as Array<[Error | null, unknown]> | null, batch.length)
        } catch (error) {
          dropRedisConnection(destination, secret)
          throw error
        }
      } finally {
        signal.removeEventListener('abort', onAbort)
      }
    },
    shape: (records, limits) => shapeRedis(records, limits),
  }
}
