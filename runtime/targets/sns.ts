// sns: PublishBatch to a topic ARN, messages per the mapping's collapse mode. Failed entries are
// retried, except sender faults (the message itself is refused), which are logged and skipped.
import {PublishBatchCommand, SNSClient} from '@aws-sdk/client-sns'
import {targetClient} from '../aws/target-clients.js'
import {SERVICE_LIMITS} from '../limits.js'
import {deliverBatches} from '../delivery/batches.js'
import {batchFailureOutcome, messageEntries, type MessageEntry} from './message-entries.js'
import {clientDestination} from './names.js'
import type {Target, TargetFactory} from './target.js'

const LIMITS = SERVICE_LIMITS.sns

export const createSnsTarget: TargetFactory = (mapping): Target => {
  const TopicArn = mapping.destination
  const fifo = TopicArn.endsWith('.fifo')
  return {
    async deliver(records, context) {
      const client = targetClient(SNSClient, clientDestination(mapping))
      const {entries, skipped} = messageEntries(records, mapping, {fifo, limits: LIMITS, service: 'SNS'})
      return deliverBatches<MessageEntry>(
        {
          entries,
          limits: {maxBytes: LIMITS.maxBytesPerCall, maxEntries: LIMITS.maxEntriesPerCall},
          async send(batch, signal) {
            const out = await client.send(
              new PublishBatchCommand({
                PublishBatchRequestEntries: batch.map((entry, n) => ({
                  Id: String(n),
                  Message: entry.body,
                  ...(entry.groupId ? {MessageDeduplicationId: entry.deduplicationId, MessageGroupId: entry.groupId} : {}),
                })),
                TopicArn,
              }),
              {abortSignal: signal},
            )
            return batchFailureOutcome(batch, out.Failed, 'SNS')
          },
          skipped,
        },
        context,
      )
    },
  }
}
