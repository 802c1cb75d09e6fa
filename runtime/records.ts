// The records the runtime works on. A SourceRecord is one record of the Lambda event as it came
// in; an OutRecord is what one mapping's target receives after deaggregation and conversion.
import {base64ByteLength} from './input/base64.js'

/** Where an event record came from (a mapping's source kind, runtime/mapping/arn.ts SourceKind, has no sns). */
export type RecordOrigin = 'kinesis' | 'dynamodb' | 'sns'

export interface SourceRecord {
  /** Position in the event's Records array. */
  index: number
  /** What batchItemFailures names to make Lambda retry from this record (its sequence number). */
  checkpoint: string
  sourceArn: string
  kind: RecordOrigin
  /** The event record exactly as Lambda delivered it (the lambda target forwards this shape). */
  raw: unknown
}

export interface OutRecord {
  /** The event record this one came from (a KPL aggregate yields several OutRecords per source). */
  source: SourceRecord
  /** Kinesis partition key, DynamoDB key values joined by `|`, or the SNS message id. */
  key: string
  /** The record bytes a target sends (Kinesis data, NewImage JSON, SNS message). */
  readonly data: Buffer
  /** A whole Kinesis record's data as the event carried it (canonical base64 of `data`), which the
   * kinesis and firehose targets send on as is; absent for KPL user records, DynamoDB and SNS. */
  readonly base64?: string
  /** KPL sub-record position inside its aggregate, when deaggregated. */
  subSequence?: number
}

/**
 * A whole Kinesis record: its bytes are decoded from the event's base64 on first read, so a record
 * that only passes through is never decoded. One object per record (no closure, no Buffer until
 * someone reads `data`).
 */
export class KinesisRecord implements OutRecord {
  readonly source: SourceRecord
  readonly key: string
  readonly base64: string
  private decoded: Buffer | undefined

  /** `base64` must be canonical (runtime/input/base64.ts base64Form); `decoded`, its bytes if known. */
  constructor(source: SourceRecord, key: string, base64: string, decoded?: Buffer) {
    this.source = source
    this.key = key
    this.base64 = base64
    this.decoded = decoded
  }

  get data(): Buffer {
    return (this.decoded ??= Buffer.from(this.base64, 'base64'))
  }
}

/** Bytes of the record's data; from its base64's length when it carries one (nothing decoded). */
export const dataLength = (record: OutRecord): number => (record.base64 === undefined ? record.data.length : base64ByteLength(record.base64))

/** The record's data as base64: the event's own text when it carries it, else encoded natively. */
export const base64Of = (record: OutRecord): string => record.base64 ?? record.data.toString('base64')

/** Source order: the event record's position, then the KPL user record's within it. */
export const bySourceOrder = (a: OutRecord, b: OutRecord): number => a.source.index - b.source.index || (a.subSequence ?? 0) - (b.subSequence ?? 0)
