// What the shard follower needs from a stream service, so Kinesis and DynamoDB Streams are followed
// by one loop. Records come back already in the shape Lambda's event source mapping delivers
// (eventSource, eventSourceARN, kinesis{...} or dynamodb{...}), so `tail`, `local-run` and the runtime
// read them with the same code (runtime/input).
import type {SourceArn} from '../../runtime/mapping/arn.js'

export interface ShardInfo {
  shardId: string
  /** ParentShardId and AdjacentParentShardId (a merge has two parents). */
  parentShardIds: string[]
  /** The shard has an ending sequence number: no new records will arrive in it. */
  closed: boolean
}

export type IteratorStart =
  | {type: 'LATEST'}
  | {type: 'TRIM_HORIZON'}
  | {type: 'AT_TIMESTAMP'; at: Date}
  | {type: 'AT_SEQUENCE_NUMBER' | 'AFTER_SEQUENCE_NUMBER'; sequenceNumber: string}

/** One record read from a shard, with the Lambda event record built from it. */
export interface ShardRecord {
  shardId: string
  sequenceNumber: string
  /** Kinesis ApproximateArrivalTimestamp, DynamoDB ApproximateCreationDateTime. */
  arrival: Date
  event: KinesisLambdaRecord | DynamoDBLambdaRecord
}

export interface KinesisLambdaRecord {
  eventSource: 'aws:kinesis'
  eventVersion: '1.0'
  eventID: string
  eventName: 'aws:kinesis:record'
  eventSourceARN: string
  awsRegion: string
  kinesis: {
    kinesisSchemaVersion: '1.0'
    partitionKey: string
    sequenceNumber: string
    /** base64 of the record bytes */
    data: string
    /** epoch seconds (fractional) */
    approximateArrivalTimestamp: number
  }
}

export interface DynamoDBLambdaRecord {
  eventSource: 'aws:dynamodb'
  eventVersion: string
  eventID: string
  eventName: string
  eventSourceARN: string
  awsRegion: string
  dynamodb: {
    ApproximateCreationDateTime: number
    Keys?: Record<string, unknown>
    NewImage?: Record<string, unknown>
    OldImage?: Record<string, unknown>
    SequenceNumber: string
    SizeBytes?: number
    StreamViewType?: string
  }
  userIdentity?: unknown
}

export interface ReadResult {
  records: ShardRecord[]
  /** Absent when the shard is closed and fully read. */
  nextIterator?: string
  /** Kinesis only: how far this iterator is behind the tip (0 = caught up). */
  millisBehindLatest?: number
  /** Kinesis only: bytes of record data read, which count against the shard's 2 MB/s read limit. */
  bytes?: number
  /** Kinesis only: the largest record's data in this answer (the next Limit is set from it). */
  largestRecordBytes?: number
}

export interface ShardSource {
  readonly arn: SourceArn
  /** What to call the stream in messages ("Kinesis stream 'orders'"). */
  readonly label: string
  listShards(signal?: AbortSignal): Promise<ShardInfo[]>
  /** A shard iterator; undefined when the start lies past the end of a closed shard. */
  iterator(shardId: string, start: IteratorStart, signal?: AbortSignal): Promise<string | undefined>
  read(shardId: string, iterator: string, limit: number, signal?: AbortSignal): Promise<ReadResult>
  /** True when `result` shows the reader has caught up with the shard's newest record. */
  atTip(result: ReadResult, limit: number): boolean
  /** Records older than `at` are dropped by the follower; DynamoDB streams only have second precision. */
  readonly timePrecisionMs: number
  /** GetRecords' largest Limit (Kinesis 10,000, DynamoDB Streams 1,000). */
  readonly maxRecordsPerCall?: number
}

/** Errors that mean "slow down" rather than "stop". */
export const THROTTLING_ERRORS = new Set([
  'ProvisionedThroughputExceededException',
  'LimitExceededException',
  'ThrottlingException',
  'TooManyRequestsException',
])

/** The ARN text back from its parsed parts. */
export const arnText = (arn: SourceArn): string => `arn:${arn.partition}:${arn.service}:${arn.region}:${arn.account}:${arn.resource}`

export const isThrottling = (error: unknown): boolean => THROTTLING_ERRORS.has((error as Error)?.name)
export const isExpiredIterator = (error: unknown): boolean => (error as Error)?.name === 'ExpiredIteratorException'
