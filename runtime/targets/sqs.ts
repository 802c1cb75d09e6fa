// sqs: SendMessageBatch to a queue URL (any host: emulators' URLs work, the SDK sends to the URL's
// host), bodies per the mapping's collapse mode. Failed entries are retried, except sender faults
// (the message itself is refused), which are logged and skipped.
import {SendMessageBatchCommand, SQSClient} from '@aws-sdk/client-sqs'
import {targetClient} from '../aws/target-clients.js'
import {SERVICE_LIMITS} from '../limits.js'
import {deliverBatches} from '../delivery/batches.js'
import {messageEntries, type MessageEntry} from './message-entries.js'
import {clientDestination} from './names.js'
import type {Target, TargetFactory} from './target.js'

const LIMITS = SERVICE_LIMITS.sqs

// Characters SQS accepts in a message body (XML 1.0): #x9 #xA #xD #x20-#xD7FF #xE000-#xFFFD #x10000-#x10FFFF.
// eslint-disable-next-line no-control-regex
const SQS_REFUSED_CHARACTER = /[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u

export function sqsRefusal(body: string): string | undefined {
  return SQS_REFUSED_CHARACTER.test(body) ? 'message holds characters SQS refuses (use collapse concat-b64)' : undefined
}

export const createSqsTarget: TargetFactory = (mapping): Target => {
  const QueueUrl = mapping.destination
  const fifo = QueueUrl.endsWith('.fifo')
  return {
    async deliver(records, context) {
      const client = targetClient(SQSClient, clientDestination(mapping))
      const {entries, skipped} = messageEntries(records, mapping, {fifo, limits: LIMITS, refuse: sqsRefusal, service: 'SQS'})
      return deliverBatches<MessageEntry>(
        {
          entries,
          limits: {maxBytes: LIMITS.maxBytesPerCall, maxEntries: LIMITS.maxEntriesPerCall},
          async send(batch, signal) {
            const out = await client.send(
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
            const outcome = {reject: [] as Array<{entry: MessageEntry; reason: string}>, retry: [] as MessageEntry[]}
            for (const failure of out.Failed ?? []) {
              const entry = batch[Number(failure.Id)]
              if (!entry) continue
              if (failure.SenderFault) outcome.reject.push({entry, reason: `SQS refused the message: ${failure.Code}: ${failure.Message ?? ''}`})
              else outcome.retry.push(entry)
            }
            return outcome
          },
          skipped,
        },
        context,
      )
    },
  }
}
