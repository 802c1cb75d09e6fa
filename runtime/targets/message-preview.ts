// What `tail --target` shows of sqs and sns messages: the body and the FIFO ids.
import type {MessageEntry} from './message-entries.js'
import type {PreviewMessage} from './target.js'

export const messagePreview = (batch: MessageEntry[]): PreviewMessage[] =>
  batch.map((entry) => ({
    fields: {
      ...(entry.groupId ? {MessageGroupId: entry.groupId} : {}),
      ...(entry.deduplicationId ? {MessageDeduplicationId: entry.deduplicationId} : {}),
    },
    payload: Buffer.from(entry.body),
    records: entry.records,
  }))
