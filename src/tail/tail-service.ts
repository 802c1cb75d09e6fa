// `tail` without a terminal: follows the shards, decodes each batch as the runtime does, and writes
// one formatted record (or, with a target mapping, one previewed message) at a time.
import type {Mapping} from '../../runtime/mapping/schema.js'
import type {AwsClients} from '../aws/clients.js'
import type {SourceArn} from '../../runtime/mapping/arn.js'
import {followShards, type FollowSummary} from './follower.js'
import {toDisplayRecords} from './display-records.js'
import {formatPreviewLine, formatter, painter, previewLines, type Format} from './format.js'
import {describePacing, FAST_TAIL_PACING, TAIL_PACING, type Pacing} from './pacing.js'
import type {ShardProgress} from './follower.js'
import type {ShardRecord, ShardSource} from './shard-source.js'
import type {DisplayRecord} from './display-records.js'
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
  /** --fast: 4 calls/s and the shard's whole 2 MB/s instead of 1 call/s and 1 MB/s. */
  fast?: boolean
  pacing?: Partial<Pacing>
  /** Records per GetRecords call at most (the pacing may ask for fewer). */
  limit?: number
  /** Only records whose match document this pattern matches are shown (tail --filter). */
  filter?: RecordFilter
}

/** tail --filter: the runtime's matcher on the runtime's match document. */
export interface RecordFilter {
  accepts(record: DisplayRecord): boolean
}

export interface TailOutput {
  /** One formatted record or message (no trailing newline). */
  write(text: string): void
  /** Progress and warnings (stderr). */
  note(message: string): void
  /** How far each shard is behind and how fast it is read (a terminal shows it; scripts ignore it). */
  progress?(line: string): void
}

export interface TailSummary extends FollowSummary {
  shown: number
  stoppedBy: 'max' | 'tip' | 'signal'
}

/** Kinesis GetRecords returns at most 10,000 records, DynamoDB Streams 1,000. */
const DEFAULT_LIMIT = 1000

/** The pacing tail reads with (Kinesis: Limit from record sizes; DynamoDB Streams answer at most 1 MB anyway). */
export function tailPacing(source: Pick<ShardSource, 'arn'>, options: Pick<TailOptions, 'fast' | 'pacing'>): Pacing {
  const base = options.fast ? FAST_TAIL_PACING : TAIL_PACING
  const pacing = {...base, ...options.pacing}
  if (source.arn.kind !== 'kinesis') delete pacing.maxAnswerBytes
  return pacing
}

const duration = (ms: number): string => {
  const s = Math.round(ms / 1000)
  if (s < 60) return `${s}s`
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`
}

/** "reading at most 1 call/s ...: shardId-000000000000 2m10s behind, 1200 records read (1.0 MB/s)" */
export function progressLine(shards: ShardProgress[], pacing: Pacing, now = Date.now()): string | undefined {
  const behind = shards.filter((shard) => !shard.done && (shard.millisBehind ?? 0) > 0)
  if (behind.length === 0) return undefined
  const parts = behind.map((shard) => {
    const seconds = Math.max(0.001, (now - shard.startedAt) / 1000)
    const rate = shard.bytes / seconds / (1024 * 1024)
    return `${shard.shardId} ${duration(shard.millisBehind!)} behind, ${shard.records} records read (${rate.toFixed(2)} MB/s)`
  })
  return `Catching up, ${describePacing(pacing)}${pacing.minIntervalMs >= 1000 ? ' (--fast for 4 calls/s)' : ''}: ${parts.join('; ')}`
}

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
    let records = options.filter ? decoded.records.filter((record) => options.filter!.accepts(record)) : decoded.records
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

  const pacing = tailPacing(source, options)
  const most = source.maxRecordsPerCall ?? DEFAULT_LIMIT
  let lastProgress = 0
  const summary = await followShards(source, {
    follow: options.follow,
    // With a filter, --max counts shown records, not records read: read full pages.
    limit: Math.min(options.limit ?? most, options.filter ? most : (options.max ?? Infinity), most),
    onBatch,
    onNote: output.note,
    onProgress: output.progress
      ? (shards) => {
          const now = Date.now()
          if (now - lastProgress < 2000) return
          const line = progressLine(shards, pacing, now)
          if (line) {
            lastProgress = now
            output.progress!(line)
          }
        }
      : undefined,
    pacing,
    signal: both,
    start: options.start,
  })
  if (signal?.aborted && state.stoppedBy !== 'max') state.stoppedBy = 'signal'
  return {...summary, shown, stoppedBy: state.stoppedBy}
}
