// lambda: asynchronous Invoke (InvocationType Event) of {"Records":[...]} holding the source event's
// records exactly as Lambda delivered them, split so each payload fits the async payload limit
// (a payload exactly at the limit is sent). Delivered only when Invoke answers 202.
import {InvokeCommand, LambdaClient, type InvokeCommandOutput} from '@aws-sdk/client-lambda'
import {sendAbortable} from '../aws/client-factory.js'
import {targetClient} from '../aws/target-clients.js'
import {SERVICE_LIMITS, type TargetLimits} from '../limits.js'
import type {Mapping} from '../mapping/schema.js'
import type {OutRecord, SourceRecord} from '../records.js'
import {clientDestination} from './names.js'
import {ACKNOWLEDGED, retry, type Entry, type Shaped, type TargetDriver} from './target.js'

const OPEN = '{"Records":['
const CLOSE = ']}'
/** The payload frame, less one comma: each entry's size counts the comma before it. */
export const LAMBDA_FRAME_BYTES = Buffer.byteLength(OPEN) + Buffer.byteLength(CLOSE) - 1

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

/** Pure: one event record per source record; one that cannot fit a payload alone is refused. */
export function shapeLambda(records: OutRecord[], limits: TargetLimits = SERVICE_LIMITS.lambda): Shaped<EventRecordEntry> {
  const shaped: Shaped<EventRecordEntry> = {entries: [], refused: []}
  for (const {source, records: list} of sourceEntries(records)) {
    const json = JSON.stringify(source.raw)
    const size = Buffer.byteLength(json) + 1
    if (size + LAMBDA_FRAME_BYTES > limits.maxBytesPerCall) {
      for (const record of list) {
        shaped.refused.push({reason: `event record of ${size - 1} bytes does not fit an asynchronous Invoke payload of ${limits.maxBytesPerCall} bytes`, record})
      }
      continue
    }
    shaped.entries.push({json, records: list, size})
  }
  return shaped
}

export const lambdaPayload = (batch: EventRecordEntry[]): Buffer => Buffer.from(OPEN + batch.map((e) => e.json).join(',') + CLOSE)

export function createLambdaDriver(mapping: Mapping): TargetDriver<EventRecordEntry> {
  const FunctionName = mapping.destination
  return {
    frameBytes: LAMBDA_FRAME_BYTES,
    label: FunctionName,
    limits: () => SERVICE_LIMITS.lambda,
    preview: (batch) => [{fields: {InvocationType: 'Event'}, payload: lambdaPayload(batch), records: batch.flatMap((e) => e.records)}],
    async send(batch, signal) {
      const client = targetClient(LambdaClient, clientDestination(mapping))
      const out = await sendAbortable<InvokeCommandOutput>(client, new InvokeCommand({FunctionName, InvocationType: 'Event', Payload: lambdaPayload(batch)}), signal)
      // Acknowledged only: an asynchronous invoke is queued when Lambda answers 202.
      const outcome = out.StatusCode === 202 ? ACKNOWLEDGED : retry(`Invoke answered ${String(out.StatusCode)}`)
      return batch.map(() => outcome)
    },
    shape: (records, limits) => shapeLambda(records, limits),
  }
}
