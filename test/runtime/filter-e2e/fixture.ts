// Shared by the filter end-to-end tests (packaged function, CLI, tail): the vector table split by
// source, a bounded-concurrency map (2 shared cores: many streams, rows and CLI runs, a few at a
// time), the EMF lines of an invocation, and a world of kinesalite + dynalite + mapping table in
// which the packaged handler runs.
import type {AttributeValue, DynamoDBClient} from '@aws-sdk/client-dynamodb'
import type {KinesisClient} from '@aws-sdk/client-kinesis'
import {PATTERN_VECTORS, type PatternVector} from '../filter/vectors.js'
import {startDynalite, startKinesalite} from '../../helpers/emulators.js'
import {invokePackaged, jsonLogs, type InvokeOptions, type InvokeResult} from '../../helpers/zip-handler.js'
import {createMappingTable, createStream, dynamo, kinesis, putRow, readStream, suffix, type StreamRecord} from '../fixtures.js'

export interface IndexedVector extends PatternVector {
  /** Position in PATTERN_VECTORS (names rows, streams and assertions). */
  index: number
}

export const VECTORS: IndexedVector[] = PATTERN_VECTORS.map((vector, index) => ({...vector, index}))
export const KINESIS_VECTORS = VECTORS.filter((vector) => vector.source === 'kinesis')
export const DYNAMODB_VECTORS = VECTORS.filter((vector) => vector.source === 'dynamodb')

/** The vectors grouped by pattern (vector order kept): one mapping, stream or tail run per pattern. */
export function groupByPattern(vectors: readonly IndexedVector[]): IndexedVector[][] {
  const groups = new Map<string, IndexedVector[]>()
  for (const vector of vectors) groups.set(vector.pattern, [...(groups.get(vector.pattern) ?? []), vector])
  return [...groups.values()]
}

/** `v017 (rule)`: how a vector is named in assertion messages. */
export const vectorName = (vector: IndexedVector): string => `v${String(vector.index).padStart(3, '0')} (${vector.rule})`

/** fn over items, at most `limit` at a time; results in item order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length)
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const n = next++
      out[n] = await fn(items[n], n)
    }
  }
  await Promise.all(Array.from({length: Math.min(limit, items.length)}, worker))
  return out
}

export type EmfLine = Record<string, unknown> & {_aws: unknown}

/** The EMF lines an invocation logged. */
export const emfLines = (logs: string[]): EmfLine[] => jsonLogs(logs).filter((line): line is EmfLine => Boolean(line._aws))

/** The per-target EMF line of one mapping (undefined when the function logged none). */
export const targetMetric = (logs: string[], target: string): EmfLine | undefined => emfLines(logs).find((line) => line.Target === target)

/** Sum of one EMF count over the per-target lines of these mappings. */
export function metricSum(logs: string[], name: string, targets?: readonly string[]): number {
  return emfLines(logs)
    .filter((line) => line.Target !== undefined && (!targets || targets.includes(String(line.Target))))
    .reduce((sum, line) => sum + (typeof line[name] === 'number' ? (line[name] as number) : 0), 0)
}

/** kinesalite + dynalite with a mapping table, and the packaged handler pointed at them. */
export interface PackagedWorld {
  ddb: DynamoDBClient
  kin: KinesisClient
  table: string
  env: Record<string, string>
  /** A unique name for a stream or table of this world. */
  name(prefix: string): string
  /** An active kinesis mapping row (plain values; `raw` for attribute values of the wrong type). */
  row(sourceArn: string, id: string, destination: string, extra?: Record<string, unknown>, raw?: Record<string, AttributeValue>): Promise<void>
  /** A kinesalite stream, ACTIVE, returning its name. */
  stream(name: string): Promise<string>
  read(stream: string): Promise<StreamRecord[]>
  /** [partitionKey, data as UTF-8] of every record of a stream. */
  readText(stream: string): Promise<Array<[string, string]>>
  invoke<R = unknown>(events: unknown[], env?: Record<string, string>, options?: Omit<InvokeOptions, 'env'>): Promise<InvokeResult<R>>
  close(): Promise<void>
}

export async function startPackagedWorld(options: {shardLimit?: number} = {}): Promise<PackagedWorld> {
  const [kinesalite, dynalite] = await Promise.all([startKinesalite({shardLimit: options.shardLimit ?? 100}), startDynalite()])
  const ddb = dynamo(dynalite.endpoint)
  const kin = kinesis(kinesalite.endpoint)
  const run = suffix()
  const table = `filterE2e-${run}`
  await createMappingTable(ddb, table)
  const env = {AWS_ENDPOINT_URL_DYNAMODB: dynalite.endpoint, AWS_ENDPOINT_URL_KINESIS: kinesalite.endpoint, FANOUT_TABLE: table}
  const read = (stream: string) => readStream(kin, stream)
  return {
    async close() {
      ddb.destroy()
      kin.destroy()
      await Promise.all([kinesalite.close(), dynalite.close()])
    },
    ddb,
    env,
    invoke: (events, extraEnv = {}, options = {}) => invokePackaged(events, {...options, env: {...env, ...extraEnv}}),
    kin,
    name: (prefix) => `${prefix}-${run}`,
    read,
    readText: async (stream) => (await read(stream)).map((r): [string, string] => [r.partitionKey, r.data.toString('utf8')]),
    row: (sourceArn, id, destination, extra = {}, raw = {}) =>
      putRow(ddb, table, {active: true, destination, id, sourceArn, type: 'kinesis', ...extra}, raw),
    async stream(name) {
      await createStream(kin, name)
      return name
    },
    table,
  }
}

/** What the EMF line declares to CloudWatch: namespace, dimension sets and metric names. */
export function emfDeclaration(line: EmfLine): {namespace: unknown; dimensions: unknown; metrics: unknown[]} {
  const [directive] = (line._aws as {CloudWatchMetrics: Array<{Namespace: unknown; Dimensions: unknown; Metrics: Array<{Name: unknown}>}>}).CloudWatchMetrics
  return {dimensions: directive.Dimensions, metrics: directive.Metrics.map((metric) => metric.Name), namespace: directive.Namespace}
}
