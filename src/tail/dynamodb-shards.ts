// DynamoDB Streams as a ShardSource: DescribeStream (paginated by shard), GetShardIterator,
// GetRecords. DynamoDB streams have no AT_TIMESTAMP iterator and no MillisBehindLatest: a time start
// reads from TRIM_HORIZON and the follower drops older records; an empty page means "caught up".
import type {DynamoDBStreamsClient} from '@aws-sdk/client-dynamodb-streams'
import {UserError} from '../errors.js'
import type {SourceArn} from '../../runtime/mapping/arn.js'
import {arnText, type IteratorStart, type ReadResult, type ShardInfo, type ShardSource} from './shard-source.js'
import {requireSdk} from '../aws/sdk.js'

type StreamsModule = typeof import('@aws-sdk/client-dynamodb-streams')

/**
 * The SDK returns binary attributes as bytes; Lambda events carry them as base64 text. Converting
 * here gives the runtime's decoder exactly what the event source mapping would.
 */
export function toEventAttributes(value: unknown): unknown {
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64')
  if (Array.isArray(value)) return value.map(toEventAttributes)
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const [key, inner] of Object.entries(value)) if (inner !== undefined) out[key] = toEventAttributes(inner)
    return out
  }
  return value
}

export class DynamoDBShards implements ShardSource {
  /** ApproximateCreationDateTime is given in whole seconds by DynamoDB Streams. */
  readonly timePrecisionMs = 1000
  readonly maxRecordsPerCall = 1000
  readonly label: string

  private constructor(
    readonly arn: SourceArn,
    private readonly client: DynamoDBStreamsClient,
    private readonly sdk: StreamsModule,
  ) {
    this.label = `DynamoDB stream of table '${arn.name}'`
  }

  static async open(arn: SourceArn, client: DynamoDBStreamsClient): Promise<DynamoDBShards> {
    return new DynamoDBShards(arn, client, requireSdk<typeof import('@aws-sdk/client-dynamodb-streams')>('@aws-sdk/client-dynamodb-streams'))
  }

  private notFound(error: unknown): never {
    if ((error as Error).name === 'ResourceNotFoundException') {
      throw new UserError(`${this.label} not found: ${arnText(this.arn)} in ${this.arn.region}`, {
        suggestion: 'the stream may have been disabled or replaced; pass --source-type dynamodb --source TABLE to use its current stream',
      })
    }
    throw error
  }

  async listShards(signal?: AbortSignal): Promise<ShardInfo[]> {
    const shards: ShardInfo[] = []
    let start: string | undefined
    do {
      const out = await this.client
        .send(new this.sdk.DescribeStreamCommand({ExclusiveStartShardId: start, StreamArn: arnText(this.arn)}), {abortSignal: signal})
        .catch((error: unknown) => this.notFound(error))
      const description = out.StreamDescription
      for (const shard of description?.Shards ?? []) {
        shards.push({
          closed: Boolean(shard.SequenceNumberRange?.EndingSequenceNumber),
          parentShardIds: shard.ParentShardId ? [shard.ParentShardId] : [],
          shardId: shard.ShardId!,
        })
      }
      start = description?.LastEvaluatedShardId
    } while (start)
    return shards
  }

  async iterator(shardId: string, start: IteratorStart, signal?: AbortSignal): Promise<string | undefined> {
    const type = start.type === 'AT_TIMESTAMP' ? 'TRIM_HORIZON' : start.type
    const out = await this.client
      .send(
        new this.sdk.GetShardIteratorCommand({
          SequenceNumber: 'sequenceNumber' in start ? start.sequenceNumber : undefined,
          ShardId: shardId,
          ShardIteratorType: type,
          StreamArn: arnText(this.arn),
        }),
        {abortSignal: signal},
      )
      .catch((error: unknown) => this.notFound(error))
    return out.ShardIterator
  }

  async read(shardId: string, iterator: string, limit: number, signal?: AbortSignal): Promise<ReadResult> {
    const out = await this.client.send(new this.sdk.GetRecordsCommand({Limit: limit, ShardIterator: iterator}), {abortSignal: signal})
    const arn = arnText(this.arn)
    return {
      nextIterator: out.NextShardIterator ?? undefined,
      records: (out.Records ?? []).map((record) => {
        const change = record.dynamodb ?? {}
        const arrival = change.ApproximateCreationDateTime ?? new Date()
        const sequenceNumber = change.SequenceNumber!
        return {
          arrival,
          event: {
            awsRegion: record.awsRegion ?? this.arn.region,
            dynamodb: {
              ...(toEventAttributes({
                Keys: change.Keys,
                NewImage: change.NewImage,
                OldImage: change.OldImage,
              }) as Record<string, Record<string, unknown>>),
              ApproximateCreationDateTime: Math.floor(arrival.getTime() / 1000),
              SequenceNumber: sequenceNumber,
              SizeBytes: change.SizeBytes,
              StreamViewType: change.StreamViewType,
            },
            eventID: record.eventID ?? `${shardId}:${sequenceNumber}`,
            eventName: record.eventName ?? 'MODIFY',
            eventSource: 'aws:dynamodb',
            eventSourceARN: arn,
            eventVersion: record.eventVersion ?? '1.1',
            ...(record.userIdentity ? {userIdentity: record.userIdentity} : {}),
          },
          sequenceNumber,
          shardId,
        }
      }),
    }
  }

  atTip(result: ReadResult): boolean {
    return result.records.length === 0
  }
}
