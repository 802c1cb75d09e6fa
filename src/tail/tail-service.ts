// `tail` without a terminal: follows the shards, decodes each batch as the runtime does, and writes
// one formatted record (or, with a target mapping, one previewed message) at a time.
import type {Mapping} from '../../runtime/mapping/schema.js'
import type {AwsClients} from '../aws/clients.js'
import type {SourceArn} from '../../runtime/mapping/arn.js'
import {followShards, type FollowSummary} from './follower.js'
import {toDisplayRecords} from './display-records.js'
import {formatPreviewLine, formatter, painter, previewLines, type Format} from './format.js'
import type {Pacing} from './pacing.js'
import type {ShardRecord, ShardSource} from './shard-source.js'
import type {StartPosition} from './start-position.js'
import {requireSdk} from '../aws/sdk.js'

export interface TailOptions {
  start: StartPosition
  follow: boolean
  /** Stop after this many records (user records when deaggregating). */
  max?: number
  format: Format
  color: boolean
  deaggregate: boolean
  convertDDB: boolean
  /** Preview what this mapping's target would receive instead of showing the records. */
  target?: Mapping
  pacing?: Partial<Pacing>
  /** Records per GetRecords call. */
  limit?: number
}

export interface TailOutput {
  /** One formatted record or message (no trailing newline). */
  write(text: string): void
  /** Progress and warnings (stderr). */
  note(message: string): void
}

export interface TailSummary extends FollowSummary {
  shown: number
  stoppedBy: 'max' | 'tip' | 'signal'
}

/** Kinesis GetRecords returns at most 10,000 records, DynamoDB Streams 1,000. */
const DEFAULT_LIMIT = 1000

export async function openShardSource(arn: SourceArn, aws: AwsClients, options: {byArn: boolean}): Promise<ShardSource> {
  if (arn.kind === 'kinesis') {
    const [{KinesisClient}, {KinesisShards}] = await Promise.all([requireSdk<typeof import('@aws-sdk/client-kinesis')>('@aws-sdk/client-kinesis'), import('./kinesis-shards.js')])
    return KinesisShards.open(arn, aws.get(KinesisClient, {region: arn.region}), options)
  }
  const [{DynamoDBStreamsClient}, {DynamoDBShards}] = await Promise.all([
    requireSdk<typeof import('@aws-sdk/client-dynamodb-streams')>('@aws-sdk/client-dynamodb-streams'),
    import('./dynamodb-shards.js'),
  ])
  return DynamoDBShards.open(arn, aws.get(DynamoDBStreamsClient, {region: arn.region}))
}

export async function tailStream(source: ShardSource, options: TailOptions, output: TailOutput, signal?: AbortSignal): Promise<TailSummary> {
  const stop = new AbortController()
  const both = signal ? AbortSignal.any([signal, stop.signal]) : stop.signal
  const format = formatter(options.format, options.color)
  const paint = painter(options.color)
  const target = options.target
  const preview = target ? await import('./target-preview.js') : undefined
  let shown = 0
  const state: {stoppedBy: TailSummary['stoppedBy']} = {stoppedBy: 'tip'}

  const onBatch = async (_shardId: string, batch: ShardRecord[]) => {
    if (stop.signal.aborted) return
    const decoded = await toDisplayRecords(batch, {convertDDB: options.convertDDB, deaggregate: options.deaggregate})
    for (const problem of decoded.problems) output.note(`Warning: ${problem}`)
    let records = decoded.records
    const room = options.max === undefined ? Infinity : options.max - shown
    if (records.length > room) records = records.slice(0, room)
    if (records.length === 0) return
    // Counted before the preview is awaited: shards are read concurrently, and the others must see
    // these records already taken, or --max would be overshot.
    shown += records.length
    const reachedMax = options.max !== undefined && shown >= options.max
    if (target && preview) {
      // Preview the source records whose (first) user record is shown, decoded as the mapping asks.
      const keep = new Set(records.map((record) => record.sequenceNumber))
      const result = await preview.previewBatch(target, batch.filter((record) => keep.has(record.sequenceNumber)))
      for (const line of previewLines({...result, mapping: target})) {
        const text = formatPreviewLine(line, options.format, paint)
        if (text) output.write(text)
      }
    } else {
      for (const record of records) output.write(format(record))
    }
    if (reachedMax) {
      state.stoppedBy = 'max'
      stop.abort()
    }
  }

  const summary = await followShards(source, {
    follow: options.follow,
    limit: Math.min(options.limit ?? DEFAULT_LIMIT, options.max ?? Infinity, DEFAULT_LIMIT),
    onBatch,
    onNote: output.note,
    pacing: options.pacing,
    signal: both,
    start: options.start,
  })
  if (signal?.aborted && state.stoppedBy !== 'max') state.stoppedBy = 'signal'
  return {...summary, shown, stoppedBy: state.stoppedBy}
}
