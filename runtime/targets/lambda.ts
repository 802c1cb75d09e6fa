// lambda: asynchronous Invoke (InvocationType Event) of {"Records":[...]} holding the source event's
// records exactly as Lambda delivered them, split so each payload fits the async payload limit.
import {InvokeCommand, LambdaClient} from '@aws-sdk/client-lambda'
import {targetClient} from '../aws/target-clients.js'
import {SERVICE_LIMITS} from '../limits.js'
import type {OutRecord, SourceRecord} from '../records.js'
import {deliverBatches, type Entry} from '../delivery/batches.js'
import {clientDestination} from './names.js'
import type {SkippedRecord, Target, TargetFactory} from './target.js'

const LIMITS = SERVICE_LIMITS.lambda
const OPEN = '{"Records":['
const CLOSE = ']}'

interface EventRecordEntry extends Entry {
  json: string
}

/** One entry per source record (a KPL aggregate's user records travel as their one source record). */
function sourceEntries(records: OutRecord[]): Array<{source: SourceRecord; records: OutRecord[]}> {
  const bySource = new Map<SourceRecord, OutRecord[]>()
  for (const record of records) {
    const list = bySource.get(record.source)
    if (list) list.push(record)
    else bySource.set(record.source, [record])
  }
  return [...bySource].map(([source, list]) => ({records: list, source}))
}

export const createLambdaTarget: TargetFactory = (mapping): Target => {
  const FunctionName = mapping.destination
  // The payload frame, and one comma per record (counted in each entry's size).
  const frame = Buffer.byteLength(OPEN) + Buffer.byteLength(CLOSE) - 1
  return {
    async deliver(records, context) {
      const client = targetClient(LambdaClient, clientDestination(mapping))
      const entries: EventRecordEntry[] = []
      const skipped: SkippedRecord[] = []
      for (const {source, records: list} of sourceEntries(records)) {
        const json = JSON.stringify(source.raw)
        const size = Buffer.byteLength(json) + 1
        if (size + frame > LIMITS.maxBytesPerCall) {
          for (const record of list) {
            skipped.push({reason: `event record of ${size - 1} bytes does not fit an asynchronous Invoke payload of ${LIMITS.maxBytesPerCall} bytes`, record})
          }
          continue
        }
        entries.push({json, records: list, size})
      }
      return deliverBatches(
        {
          entries,
          limits: {maxBytes: LIMITS.maxBytesPerCall - frame, maxEntries: LIMITS.maxEntriesPerCall},
          async send(batch, signal) {
            const Payload = Buffer.from(OPEN + batch.map((e) => e.json).join(',') + CLOSE)
            await client.send(new InvokeCommand({FunctionName, InvocationType: 'Event', Payload}), {abortSignal: signal})
            return {reject: [], retry: []}
          },
          skipped,
        },
        context,
      )
    },
  }
}
