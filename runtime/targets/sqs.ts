// sqs: SendMessageBatch to a queue URL (any host: emulators' URLs work, the SDK sends to the URL's
// host unless an endpoint is configured), bodies per the mapping's collapse mode. Failed entries
// are retried, except sender faults (the message itself is refused), which are logged and skipped.
// A queue whose MaximumMessageSize is below the service maximum refuses whole batches: its limit is
// learned from the refusal and what was not sent is repacked to it and sent again at once.
import {SendMessageBatchCommand, SQSClient} from '@aws-sdk/client-sqs'
import {targetClient} from '../aws/target-clients.js'
import {SERVICE_LIMITS} from '../limits.js'
import {deliverBatches} from '../delivery/batches.js'
import type {OutRecord} from '../records.js'
import {batchFailureOutcome, messageEntries, type MessageEntry} from './message-entries.js'
import {clientDestination} from './names.js'
import {learnQueueMessageLimit, queueMessageLimit, refusedMessageSize} from './sqs-queue-size.js'
import type {DeliveryContext, DeliveryReport, Target, TargetFactory} from './target.js'

const LIMITS = SERVICE_LIMITS.sqs

// Characters SQS accepts in a message body (XML 1.0): #x9 #xA #xD #x20-#xD7FF #xE000-#xFFFD #x10000-#x10FFFF.
// eslint-disable-next-line no-control-regex
const SQS_REFUSED_CHARACTER = /[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u

export function sqsRefusal(body: string): string | undefined {
  return SQS_REFUSED_CHARACTER.test(body) ? 'message holds characters SQS refuses (use collapse concat-b64)' : undefined
}

/**
 * Extra client settings: with AWS_ENDPOINT_URL_SQS or AWS_ENDPOINT_URL set, requests go there even
 * when the queue URL names another host (the SDK otherwise sends to the queue URL's host).
 */
export function sqsClientSettings(env: NodeJS.ProcessEnv = process.env): Record<string, unknown> | undefined {
  return env.AWS_ENDPOINT_URL_SQS || env.AWS_ENDPOINT_URL ? {useQueueUrlAsEndpoint: false} : undefined
}

export const createSqsTarget: TargetFactory = (mapping): Target => {
  const QueueUrl = mapping.destination
  const fifo = QueueUrl.endsWith('.fifo')

  async function deliverAtLimit(client: SQSClient, records: OutRecord[], maxEntryBytes: number, context: DeliveryContext) {
    let lowered = false
    const {entries, skipped} = messageEntries(records, mapping, {fifo, limits: {...LIMITS, maxEntryBytes}, refuse: sqsRefusal, service: 'SQS'})
    const report = await deliverBatches<MessageEntry>(
      {
        entries,
        limits: {maxBytes: LIMITS.maxBytesPerCall, maxEntries: LIMITS.maxEntriesPerCall},
        async send(batch, signal) {
          let out
          try {
            out = await client.send(
              new SendMessageBatchCommand({
                Entries: batch.map((entry, n) => ({
                  Id: String(n),
                  MessageBody: entry.body,
                  ...(entry.groupId ? {MessageDeduplicationId: entry.deduplicationId, MessageGroupId: entry.groupId} : {}),
                })),
                QueueUrl,
              }),
              {abortSignal: signal},
            )
          } catch (error) {
            // Not retryable as it is (the batch stays failed), but repackable: see deliver().
            const size = refusedMessageSize(error)
            if (size !== undefined && learnQueueMessageLimit(QueueUrl, size)) lowered = true
            throw error
          }
          return batchFailureOutcome(batch, out.Failed, 'SQS')
        },
        skipped,
      },
      context,
    )
    return {entries: entries.length, lowered: lowered || queueMessageLimit(QueueUrl) < maxEntryBytes, report}
  }

  return {
    async deliver(records, context) {
      const client = targetClient(SQSClient, clientDestination(mapping), 2, undefined, sqsClientSettings())
      const total: DeliveryReport = {calls: 0, delivered: 0, failed: [], retried: 0, skipped: []}
      let pending = records
      let first = true
      // Each pass after the first runs only because the queue's limit went down: it ends.
      for (;;) {
        const limit = queueMessageLimit(QueueUrl)
        const pass = await deliverAtLimit(client, pending, limit, context)
        total.calls += pass.report.calls
        total.delivered += pass.report.delivered
        total.retried += pass.report.retried + (first ? 0 : pass.entries)
        total.skipped.push(...pass.report.skipped)
        total.failed = pass.report.failed
        first = false
        const again = pass.lowered && pass.report.failed.length > 0 && !context.signal?.aborted && Date.now() < context.deadline
        if (!again) return total
        context.log.info('queue refused messages larger than its MaximumMessageSize: sending the rest again packed to it', {
          mapping: mapping.id,
          maxMessageBytes: queueMessageLimit(QueueUrl),
          queueUrl: QueueUrl,
          records: pass.report.failed.length,
        })
        pending = pass.report.failed
      }
    },
  }
}
