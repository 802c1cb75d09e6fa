// sqs: SendMessageBatch to a queue URL (any host: emulators' URLs work, the SDK sends to the URL's
// host unless an endpoint is configured), bodies per the mapping's collapse mode. An entry is
// delivered only when its Id is in the answer's Successful list; sender faults are rejected for
// good. A queue whose MaximumMessageSize is below the service maximum refuses whole batches: its
// limit is learned from the refusal and what was not sent is shaped again to it and sent at once.
import {SendMessageBatchCommand, SQSClient, type SendMessageBatchCommandOutput} from '@aws-sdk/client-sqs'
import {sendAbortable} from '../aws/client-factory.js'
import {targetClient} from '../aws/target-clients.js'
import {classifyError} from '../delivery/errors.js'
import {SERVICE_LIMITS} from '../limits.js'
import type {Mapping} from '../mapping/schema.js'
import {batchOutcomes, groupIdTemplate, messageEntries, requestEntries, type MessageEntry} from './message-entries.js'
import {messagePreview} from './message-preview.js'
import {clientDestination} from './names.js'
import {learnQueueMessageLimit, queueMessageLimit, refusedMessageSize} from './sqs-queue-size.js'
import type {TargetDriver} from './target.js'

// Characters SQS accepts in a message body (XML 1.0): #x9 #xA #xD #x20-#xD7FF #xE000-#xFFFD #x10000-#x10FFFF.
// What it refuses: the other control characters, U+FFFE, U+FFFF (below) and lone surrogates
// (isWellFormed); a scan without the regex `u` flag, which made the check a fifth slower.
// eslint-disable-next-line no-control-regex
const SQS_REFUSED_CHARACTER = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/

export function sqsRefusal(body: string): string | undefined {
  const wellFormed = (body as string & {isWellFormed(): boolean}).isWellFormed()
  return SQS_REFUSED_CHARACTER.test(body) || !wellFormed ? 'message holds characters SQS refuses (use collapse concat-b64)' : undefined
}

/**
 * Extra client settings: with AWS_ENDPOINT_URL_SQS or AWS_ENDPOINT_URL set, requests go there even
 * when the queue URL names another host (the SDK otherwise sends to the queue URL's host).
 */
export function sqsClientSettings(env: NodeJS.ProcessEnv = process.env): Record<string, unknown> | undefined {
  return env.AWS_ENDPOINT_URL_SQS || env.AWS_ENDPOINT_URL ? {useQueueUrlAsEndpoint: false} : undefined
}

export function createSqsDriver(mapping: Mapping): TargetDriver<MessageEntry> {
  const QueueUrl = mapping.destination
  const fifo = QueueUrl.endsWith('.fifo')
  const groupIdOf = fifo ? groupIdTemplate(mapping) : undefined
  return {
    classify(error) {
      // A queue whose MaximumMessageSize is below the service maximum refuses the whole batch: its
      // limit is learned and what was not sent is shaped again to it.
      const size = refusedMessageSize(error)
      if (size !== undefined && learnQueueMessageLimit(QueueUrl, size)) return {kind: 'reshape'}
      return classifyError(error)
    },
    label: QueueUrl,
    limits: () => ({...SERVICE_LIMITS.sqs, maxEntryBytes: queueMessageLimit(QueueUrl)}),
    preview: messagePreview,
    async send(batch, signal) {
      const client = targetClient(SQSClient, clientDestination(mapping), 2, undefined, sqsClientSettings())
      const out = await sendAbortable<SendMessageBatchCommandOutput>(client, new SendMessageBatchCommand({Entries: requestEntries(batch, 'MessageBody'), QueueUrl}), signal)
      return batchOutcomes(batch, out, 'SQS')
    },
    shape: (records, limits) => messageEntries(records, mapping, {fifo, groupIdOf, limits, refuse: sqsRefusal, service: 'SQS'}),
  }
}
