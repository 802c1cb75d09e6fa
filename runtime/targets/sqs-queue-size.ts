// A queue's MaximumMessageSize, learned from SQS itself. Messages are packed up to the service
// maximum (limits.ts), but a queue may be set lower (256 KiB is still common); SQS then refuses the
// whole SendMessageBatch with InvalidParameterValue "... Message must be shorter than N bytes" (the
// wording of SQS and of moto). The function's role has no sqs:GetQueueAttributes right, so the
// refusal is the only way to know: N is kept per queue URL for the container's life.
import {SERVICE_LIMITS} from '../limits.js'

const learned = new Map<string, number>()

const TOO_LONG = /Message must be shorter than (\d+) bytes/

/** The queue's limit N when `error` is SQS refusing a message as too long, else undefined. */
export function refusedMessageSize(error: unknown): number | undefined {
  if (!error || typeof error !== 'object') return undefined
  const match = TOO_LONG.exec(String((error as {message?: unknown}).message ?? ''))
  const size = match ? Number(match[1]) : Number.NaN
  return Number.isSafeInteger(size) && size > 0 ? size : undefined
}

/** The largest message body to send to this queue: what it told us, else the service maximum. */
export function queueMessageLimit(queueUrl: string): number {
  return learned.get(queueUrl) ?? SERVICE_LIMITS.sqs.maxEntryBytes
}

/** Keeps what the queue said; returns true when that lowers the limit (the unsent can be repacked). */
export function learnQueueMessageLimit(queueUrl: string, size: number): boolean {
  if (size >= queueMessageLimit(queueUrl)) return false
  learned.set(queueUrl, size)
  return true
}

/** Forgets every learned limit (tests). */
export function resetQueueMessageLimits(): void {
  learned.clear()
}
