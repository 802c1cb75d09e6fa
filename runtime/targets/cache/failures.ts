// What the cache targets report: records whose latest value per key did not reach the cache are
// failed (Lambda retries them), and so are the earlier records of those keys, since the cache does
// not reflect them either. A node that cannot be reached is given a few quick attempts, not the
// whole invocation: the records go back to Lambda instead of the function hanging until timeout.
import type {RetryResult} from '../../delivery/retry.js'
import type {OutRecord} from '../../records.js'
import type {DeliveryReport, SkippedRecord} from '../target.js'

/** Connection attempts per invocation and destination before the batch is handed back to Lambda. */
export const MAX_CONNECTION_ATTEMPTS = 3

/** `failed` plus every earlier record of the same keys (they were superseded by a failed record). */
export function failedWithSuperseded(records: OutRecord[], failed: OutRecord[], keyOf: (r: OutRecord) => string = (r) => r.key): OutRecord[] {
  if (failed.length === 0) return []
  const failedKeys = new Set(failed.map(keyOf))
  return records.filter((record) => failedKeys.has(keyOf(record)))
}

/**
 * The report of a target that sends only the latest record of each key (redis, memcached, es):
 * rejected records join `skipped` with their reason, failed ones take their superseded records along,
 * and everything else sendable counts as delivered. `recordOf` gives the record of a retried entry.
 */
export function latestPerKeyReport<E>(
  sendable: OutRecord[],
  result: RetryResult<E>,
  options: {calls: number; skipped: SkippedRecord[]; recordOf: (entry: E) => OutRecord; keyOf?: (record: OutRecord) => string},
): DeliveryReport {
  const rejected = result.rejected.map(({entry, reason}) => ({reason, record: options.recordOf(entry)}))
  const failed = failedWithSuperseded(sendable, result.failed.map(options.recordOf), options.keyOf)
  return {
    calls: options.calls,
    delivered: sendable.length - failed.length - rejected.length,
    failed,
    retried: result.retried,
    skipped: [...options.skipped, ...rejected],
  }
}

/** Counts connection failures and says when to stop trying within this invocation. */
export class ConnectionBudget {
  private failures = 0
  constructor(private readonly limit = MAX_CONNECTION_ATTEMPTS) {}
  /** Records one failure; true while another attempt is allowed. */
  fail(): boolean {
    this.failures++
    return this.failures < this.limit
  }
}

export function describeError(error: unknown): string | undefined {
  if (error === undefined) return undefined
  if (error instanceof AggregateError && error.errors.length > 0) return describeError(error.errors[0])
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error)
}
