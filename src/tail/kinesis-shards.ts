// Kinesis Data Streams as a ShardSource: ListShards (paginated), GetShardIterator, GetRecords.
// The stream is addressed by StreamName when the user gave a name and by StreamARN only when they
// gave an ARN (kinesalite predates StreamARN; docs/architecture.md, "The runtime").
import type {KinesisClient} from '@aws-sdk/client-kinesis'
import {UserError} from '../errors.js'
import type {SourceArn} from '../../runtime/mapping/arn.js'
import {arnText, type IteratorStart, type ReadResult, type ShardInfo, type ShardSource} from './shard-source.js'
import {requireSdk} from '../aws/sdk.js'

/**
 * kinesalite never answers GetShardIterator AT_TIMESTAMP when no record is at or after the time;
 * real Kinesis answers in milliseconds. Past this wait the follower reads from TRIM_HORIZON and
 * drops older records itself, which gives the same records.
 */
export const AT_TIMESTAMP_WAIT_MS = 3_000

type KinesisModule = typeof import('@aws-sdk/client-kinesis')

export class KinesisShards implements ShardSource {
  readonly timePrecisionMs = 1
  readonly maxRecordsPerCall = 10_000
  readonly label: string

  private constructor(
    readonly arn: SourceArn,
    private readonly client: KinesisClient,
    private readonly sdk: KinesisModule,
    private byArn: boolean,
  ) {
    this.label = `Kinesis stream '${arn.name}'`
  }

  static async open(arn: SourceArn, client: KinesisClient, options: {byArn: boolean}): Promise<KinesisShards> {
    return new KinesisShards(arn, client, requireSdk<typeof import('@aws-sdk/client-kinesis')>('@aws-sdk/client-kinesis'), options.byArn)
  }

  private get stream(): {StreamName: string} | {StreamARN: string} {
    return this.byArn ? {StreamARN: arnText(this.arn)} : {StreamName: this.arn.name}
  }

  /**
   * Sends a request that names the stream. An emulator that predates StreamARN (kinesalite) asks for
   * StreamName: the stream is then addressed by the name inside the ARN from there on.
   */
  private async named<T>(request: (stream: {StreamName: string} | {StreamARN: string}) => Promise<T>): Promise<T> {
    try {
      return await request(this.stream)
    } catch (error) {
      const {name, message} = error as Error
      if (!this.byArn || !/^(InvalidArgumentException|ValidationException)$/.test(name) || !/streamName/i.test(message)) throw error
      this.byArn = false
      return request(this.stream)
    }
  }

  private notFound(error: unknown): never {
    if ((error as Error).name === 'ResourceNotFoundException') {
      throw new UserError(`${this.label} not found in ${this.arn.region}`, {suggestion: 'check the name and --region'})
    }
    throw error
  }

  async listShards(signal?: AbortSignal): Promise<ShardInfo[]> {
    const shards: ShardInfo[] = []
    let nextToken: string | undefined
    do {
      const token = nextToken
      const page = await this.named((stream) =>
        this.client.send(new this.sdk.ListShardsCommand(token ? {NextToken: token} : {...stream}), {abortSignal: signal}),
      ).catch((error: unknown) => this.notFound(error))
      for (const shard of page.Shards ?? []) {
        shards.push({
          closed: Boolean(shard.SequenceNumberRange?.EndingSequenceNumber),
          parentShardIds: [shard.ParentShardId, shard.AdjacentParentShardId].filter((id): id is string => Boolean(id)),
          shardId: shard.ShardId!,
        })
      }
      nextToken = page.NextToken
    } while (nextToken)
    return shards
  }

  async iterator(shardId: string, start: IteratorStart, signal?: AbortSignal): Promise<string | undefined> {
    if (start.type === 'AT_TIMESTAMP') {
      const wait = AbortSignal.timeout(AT_TIMESTAMP_WAIT_MS)
      const both = signal ? AbortSignal.any([signal, wait]) : wait
      try {
        return await this.getIterator(shardId, start, both)
      } catch (error) {
        if (!wait.aborted || signal?.aborted) throw error
        return this.getIterator(shardId, {type: 'TRIM_HORIZON'}, signal)
      }
    }
    return this.getIterator(shardId, start, signal)
  }

  private async getIterator(shardId: string, start: IteratorStart, signal?: AbortSignal): Promise<string | undefined> {
    const out = await this.named((stream) =>
      this.client.send(
        new this.sdk.GetShardIteratorCommand({
          ...stream,
          ShardId: shardId,
          ShardIteratorType: start.type,
          ...(start.type === 'AT_TIMESTAMP' ? {Timestamp: start.at} : {}),
          ...('sequenceNumber' in start ? {StartingSequenceNumber: start.sequenceNumber} : {}),
        }),
        {abortSignal: signal},
      ),
    ).catch((error: unknown) => this.notFound(error))
    return out.ShardIterator
  }

  async read(shardId: string, iterator: string, limit: number, signal?: AbortSignal): Promise<ReadResult> {
    const out = await this.client.send(new this.sdk.GetRecordsCommand({Limit: limit, ShardIterator: iterator}), {abortSignal: signal})
    const arn = arnText(this.arn)
    const sizes = (out.Records ?? []).map((record) => record.Data?.length ?? 0)
    return {
      bytes: sizes.reduce((total, size) => total + size, 0),
      largestRecordBytes: sizes.length ? Math.max(...sizes) : undefined,
      millisBehindLatest: out.MillisBehindLatest,
      nextIterator: out.NextShardIterator ?? undefined,
      records: (out.Records ?? []).map((record) => {
        const arrival = record.ApproximateArrivalTimestamp ?? new Date()
        return {
          arrival,
          event: {
            awsRegion: this.arn.region,
            eventID: `${shardId}:${record.SequenceNumber}`,
            eventName: 'aws:kinesis:record',
            eventSource: 'aws:kinesis',
            eventSourceARN: arn,
            eventVersion: '1.0',
            kinesis: {
              approximateArrivalTimestamp: arrival.getTime() / 1000,
              data: Buffer.from(record.Data ?? new Uint8Array()).toString('base64'),
              kinesisSchemaVersion: '1.0',
              partitionKey: record.PartitionKey ?? '',
              sequenceNumber: record.SequenceNumber!,
            },
          },
          sequenceNumber: record.SequenceNumber!,
          shardId,
        }
      }),
    }
  }

  /** MillisBehindLatest 0 with a short page means nothing newer is waiting. */
  atTip(result: ReadResult, limit: number): boolean {
    if (result.millisBehindLatest === undefined) return result.records.length === 0
    return result.millisBehindLatest === 0 && result.records.length < limit
  }
}
