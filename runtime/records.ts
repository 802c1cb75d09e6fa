// The records the runtime works on. A SourceRecord is one record of the Lambda event as it came
// in; an OutRecord is what one mapping's target receives after deaggregation and conversion.

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
  data: Buffer
  /** KPL sub-record position inside its aggregate, when deaggregated. */
  subSequence?: number
}

/** Source order: the event record's position, then the KPL user record's within it. */
export const bySourceOrder = (a: OutRecord, b: OutRecord): number => a.source.index - b.source.index || (a.subSequence ?? 0) - (b.subSequence ?? 0)
