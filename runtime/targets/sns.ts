// sns: PublishBatch to a topic ARN, messages per the mapping's collapse mode. An entry is delivered
// only when its Id is in the answer's Successful list; sender faults are rejected for good.
import {PublishBatchCommand, SNSClient, type PublishBatchCommandOutput} from '@aws-sdk/client-sns'
import {sendAbortable} from '../aws/client-factory.js'
import {targetClient} from '../aws/target-clients.js'
import {SERVICE_LIMITS} from '../limits.js'
import type {Mapping} from '../mapping/schema.js'
import {batchOutcomes, groupIdTemplate, messageEntries, requestEntries, type MessageEntry} from './message-entries.js'
import {clientDestination} from './names.js'
import type {TargetDriver} from './target.js'
import {messagePreview} from './message-preview.js'

export function createSnsDriver(mapping: Mapping): TargetDriver<MessageEntry> {
  const TopicArn = mapping.destination
  const fifo = TopicArn.endsWith('.fifo')
  const groupIdOf = fifo ? groupIdTemplate(mapping) : undefined
  return {
    label: TopicArn,
    limits: () => SERVICE_LIMITS.sns,
    preview: messagePreview,
    async send(batch, signal) {
      const client = targetClient(SNSClient, clientDestination(mapping))
      const out = await sendAbortable<PublishBatchCommandOutput>(client, new PublishBatchCommand({PublishBatchRequestEntries: requestEntries(batch, 'Message'), TopicArn}), signal)
      return batchOutcomes(batch, out, 'SNS')
    },
    shape: (records, limits) => messageEntries(records, mapping, {fifo, groupIdOf, limits, service: 'SNS'}),
  }
}
