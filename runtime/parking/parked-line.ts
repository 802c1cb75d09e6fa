// One parked record = one JSON line (docs/runtime.md, "Isolation"): what the function could not deliver
// to a mapping, with enough of its source to send it again (`replay`) through the same target code.
// `data` is the base64 of the bytes that target was to receive (after deaggregation and DynamoDB
// conversion); `destination` never holds a secret.
import {parseSourceArn} from '../mapping/arn.js'
import {redactDestination, redactSecrets} from '../mapping/redact.js'
import type {Mapping, TargetType} from '../mapping/schema.js'
import {base64Of, type OutRecord, type RecordOrigin, type SourceRecord} from '../records.js'

export const PARK_REASONS = ['refused', 'expired', 'undeliverable', 'circuit-open'] as const
export type ParkReason = (typeof PARK_REASONS)[number]

export interface ParkedLine {
  v: 1
  sourceArn: string
  mappingId: string
  type: TargetType
  /** The mapping's destination at parking time, secrets shown as `****`. */
  destination: string
  reason: ParkReason
  /** Why the record was parked (the target's error, or the reason it can never be delivered). */
  error: string
  /** ISO time. */
  parkedAt: string
  shardId: string
  sequenceNumber: string
  /** KPL user records only: the position inside the aggregate. */
  subSequenceNumber?: number
  partitionKey: string
  /** Seconds since the epoch with a fraction, as in Lambda's event; null when the source has none. */
  approximateArrivalTimestamp: number | null
  /** Base64 of the record bytes as the target was to receive them. */
  data: string
}

export interface ParkLinesInput {
  mapping: Pick<Mapping, 'sourceArn' | 'id' | 'type' | 'destination' | 'externalId'>
  reason: ParkReason
  error: string
  records: OutRecord[]
  parkedAt: Date
}

/** Shard id of a source record: Kinesis eventID is `shardId-...:sequence`; DynamoDB and SNS events name no shard. */
export const UNSHARDED = 'unsharded'
export function shardIdOf(source: SourceRecord): string {
  const eventID = (source.raw as {eventID?: unknown} | undefined)?.eventID
  if (source.kind === 'kinesis' && typeof eventID === 'string') {
    const shard = eventID.split(':')[0]
    if (shard) return shard
  }
  return UNSHARDED
}

function arrivalSeconds(source: SourceRecord): number | null {
  const raw = source.raw as Record<string, any> | undefined
  const value =
    source.kind === 'kinesis' ? raw?.kinesis?.approximateArrivalTimestamp
    : source.kind === 'dynamodb' ? raw?.dynamodb?.ApproximateCreationDateTime
    : raw?.Sns?.Timestamp === undefined ? undefined : Date.parse(raw.Sns.Timestamp) / 1000
  return typeof value === 'number' && Number.isFinite(value) ? value : null
}

/** The line of one record (`parkedLines` for a batch); the batch-wide fields are worked out once by `lineMaker`. */
export function lineMaker(input: Omit<ParkLinesInput, 'records'>): (record: OutRecord) => ParkedLine {
  const {mapping} = input
  const parkedAt = input.parkedAt.toISOString()
  const destination = redactDestination(mapping.type, mapping.destination)
  const error = redactSecrets(input.error, mapping.externalId ? [mapping.externalId] : [])
  return (record) => ({
    v: 1,
    sourceArn: mapping.sourceArn,
    mappingId: mapping.id,
    type: mapping.type,
    destination,
    reason: input.reason,
    error,
    parkedAt,
    shardId: shardIdOf(record.source),
    sequenceNumber: record.source.checkpoint,
    ...(record.subSequence === undefined ? {} : {subSequenceNumber: record.subSequence}),
    partitionKey: record.key,
    approximateArrivalTimestamp: arrivalSeconds(record.source),
    data: base64Of(record),
  })
}

/** One line per record, in the order given (source order). */
export function parkedLines(input: ParkLinesInput): ParkedLine[] {
  return input.records.map(lineMaker(input))
}

/** The JSON lines text (one line per record, each ending with a newline). */
export const serializeParkedLines = (lines: ParkedLine[]): string => lines.map((line) => JSON.stringify(line) + '\n').join('')

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)

/** Why a parsed line is not a parked line, or undefined when it is one. */
function lineProblem(value: unknown): string | undefined {
  if (!isObject(value)) return 'not a JSON object'
  if (value.v !== 1) return `unknown version ${JSON.stringify(value.v)}`
  for (const name of ['sourceArn', 'mappingId', 'type', 'destination', 'reason', 'parkedAt', 'shardId', 'sequenceNumber', 'partitionKey', 'data'] as const) {
    if (typeof value[name] !== 'string') return `'${name}' is not a string`
  }
  if (!(PARK_REASONS as readonly string[]).includes(value.reason as string)) return `unknown reason '${String(value.reason)}'`
  if (value.subSequenceNumber !== undefined && !Number.isInteger(value.subSequenceNumber)) return "'subSequenceNumber' is not a whole number"
  return undefined
}

/** Reads the lines of a parked object (already gunzipped); throws on a line that is not a parked record. */
export function parseParkedLines(text: string): ParkedLine[] {
  const lines: ParkedLine[] = []
  text.split('\n').forEach((row, index) => {
    if (row.trim() === '') return
    let value: unknown
    try {
      value = JSON.parse(row)
    } catch {
      throw new SyntaxError(`line ${index + 1} is not JSON`)
    }
    const problem = lineProblem(value)
    if (problem) throw new SyntaxError(`line ${index + 1} is not a parked record: ${problem}`)
    lines.push(value as ParkedLine)
  })
  return lines
}

function kindOf(sourceArn: string): RecordOrigin {
  const parsed = parseSourceArn(sourceArn)
  if (parsed) return parsed.kind
  return sourceArn.includes(':sns:') ? 'sns' : 'kinesis'
}

/** The Lambda event record the line came from, rebuilt from its fields (the lambda target forwards it). */
function rawRecord(line: ParkedLine, kind: RecordOrigin, data: Buffer): unknown {
  const arrival = line.approximateArrivalTimestamp ?? undefined
  if (kind === 'dynamodb') {
    let image: unknown = {}
    try {
      image = JSON.parse(data.toString('utf8'))
    } catch {
      // Not JSON (cannot come from the function): the image stays empty.
    }
    return {
      dynamodb: {
        ...(arrival === undefined ? {} : {ApproximateCreationDateTime: arrival}),
        NewImage: isObject(image) ? image : {},
        SequenceNumber: line.sequenceNumber,
      },
      eventSource: 'aws:dynamodb',
      eventSourceARN: line.sourceArn,
    }
  }
  if (kind === 'sns') {
    return {
      EventSource: 'aws:sns',
      Sns: {
        Message: data.toString('utf8'),
        MessageId: line.sequenceNumber,
        TopicArn: line.sourceArn,
        ...(arrival === undefined ? {} : {Timestamp: new Date(arrival * 1000).toISOString()}),
      },
    }
  }
  return {
    eventID: `${line.shardId}:${line.sequenceNumber}`,
    eventName: 'aws:kinesis:record',
    eventSource: 'aws:kinesis',
    eventSourceARN: line.sourceArn,
    eventVersion: '1.0',
    kinesis: {
      ...(arrival === undefined ? {} : {approximateArrivalTimestamp: arrival}),
      data: line.data,
      kinesisSchemaVersion: '1.0',
      partitionKey: line.partitionKey,
      sequenceNumber: line.sequenceNumber,
    },
  }
}

/**
 * The OutRecord a parked line stands for (replay): the same key, bytes and sub-sequence, and a
 * source record with the same checkpoint, source ARN and shard. `index` is its position in the batch.
 */
export function recordFromLine(line: ParkedLine, index = 0): OutRecord {
  const data = Buffer.from(line.data, 'base64')
  const kind = kindOf(line.sourceArn)
  const source: SourceRecord = {checkpoint: line.sequenceNumber, index, kind, raw: rawRecord(line, kind, data), sourceArn: line.sourceArn}
  return {data, key: line.partitionKey, source, ...(line.subSequenceNumber === undefined ? {} : {subSequence: line.subSequenceNumber})}
}
