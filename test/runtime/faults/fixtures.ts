// Set-up shared by the fault suites: the mapping table on moto, one mapping per target type pointed
// at the fault stand-ins, the function's environment, and reading back what each target holds.
import {gunzipSync} from 'node:zlib'
import type {DynamoDBClient} from '@aws-sdk/client-dynamodb'
import {CreateBucketCommand, DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command, S3Client} from '@aws-sdk/client-s3'
import {Redis} from 'ioredis'
import memjs from 'memjs'
import {createClient} from '../../../runtime/aws/client-factory.js'
import {TEST_AWS_ENV} from '../../helpers/emulators.js'
import {faultRecord, type FaultStandIn, type Protocol} from '../../helpers/fault-standin.js'
import type {FaultProxy} from '../../helpers/fault-standin-tcp.js'
import {ACCOUNT, REGION, type KinesisInput} from '../../helpers/events.js'
import {MEMCACHED_ADDRESS, MOTO_ENDPOINT, REDIS_URL, requireService} from '../../helpers/services.js'
import {createMappingTable, dynamo, putRow, TEST_AWS_ENV_CREDENTIALS} from '../fixtures.js'

export type TargetType = Protocol | 'redis' | 'memcached'
export const HTTP_TYPES: Protocol[] = ['kinesis', 'firehose', 'sqs', 'sns', 'lambda', 'iot', 'es']
export const CACHE_TYPES = ['redis', 'memcached'] as const
export const ALL_TYPES: TargetType[] = [...HTTP_TYPES, ...CACHE_TYPES]

export const REDIS_ADDRESS = (() => {
  const url = new URL(REDIS_URL)
  return `${url.hostname}:${url.port || 6379}`
})()
export {MEMCACHED_ADDRESS}

/** In a suite's before(): the services the suite needs (else skipped, or failed where required), and the mapping table on moto. */
export async function faultTable(context: Mocha.Context, table: string, services: Array<'redis' | 'memcached'> = ['redis', 'memcached']): Promise<DynamoDBClient> {
  await requireService(context, 'moto')
  for (const service of services) await requireService(context, service)
  const ddb = dynamo(MOTO_ENDPOINT)
  await createMappingTable(ddb, table)
  return ddb
}

/** The records of a scenario: identity `seq` in the data, a partition key unique to the scenario (the cache key). */
export function faultInputs(tag: string, count: number, bytes = 120): KinesisInput[] {
  return Array.from({length: count}, (_, seq) => ({data: faultRecord(seq, bytes), partitionKey: `pk-${tag}-${seq}`}))
}

export interface Targets {
  standIn: FaultStandIn
  redis?: FaultProxy
  memcached?: FaultProxy
}

/** The destination of a mapping of this type for scenario `tag`, and the stand-in's tally label. */
export function destinationFor(type: TargetType, tag: string, targets: Targets): {destination: string; label: string} {
  const endpoint = targets.standIn.endpoint
  switch (type) {
    case 'kinesis':
      return {destination: `k-${tag}`, label: `kinesis:k-${tag}`}
    case 'firehose':
      return {destination: `f-${tag}`, label: `firehose:f-${tag}`}
    case 'sqs':
      return {destination: `${endpoint}/${ACCOUNT}/q-${tag}`, label: `sqs:q-${tag}`}
    case 'sns':
      return {destination: `arn:aws:sns:${REGION}:${ACCOUNT}:n-${tag}`, label: `sns:n-${tag}`}
    case 'lambda':
      return {destination: `l-${tag}`, label: `lambda:l-${tag}`}
    case 'iot':
      return {destination: `${endpoint}#i-${tag}`, label: `iot:i-${tag}`}
    case 'es':
      return {destination: `${endpoint}#e-${tag}`, label: `es:e-${tag}`}
    case 'redis':
      return {destination: targets.redis!.address, label: 'redis'}
    case 'memcached':
      return {destination: targets.memcached!.address, label: 'memcached'}
  }
}

/** Writes one active mapping `id` of `type` for the source (collapse none where it applies). */
export async function putMapping(
  ddb: DynamoDBClient,
  table: string,
  source: string,
  id: string,
  type: TargetType,
  destination: string,
  extra: Record<string, unknown> = {},
): Promise<void> {
  const collapse = type === 'sqs' || type === 'sns' || type === 'iot' ? {collapse: 'none'} : {}
  await putRow(ddb, table, {active: true, destination, id, sourceArn: source, type, ...collapse, ...extra})
}

/** The function's environment: table and parking bucket on moto, targets on the stand-in. */
export function functionEnv(table: string, standIn: FaultStandIn, extra: Record<string, string> = {}): Record<string, string> {
  return {
    AWS_ENDPOINT_URL: MOTO_ENDPOINT,
    AWS_ENDPOINT_URL_DYNAMODB: MOTO_ENDPOINT,
    AWS_ENDPOINT_URL_FIREHOSE: standIn.endpoint,
    AWS_ENDPOINT_URL_KINESIS: standIn.endpoint,
    AWS_ENDPOINT_URL_LAMBDA: standIn.endpoint,
    AWS_ENDPOINT_URL_S3: MOTO_ENDPOINT,
    AWS_ENDPOINT_URL_SNS: standIn.endpoint,
    AWS_ENDPOINT_URL_SQS: standIn.endpoint,
    FANOUT_TABLE: table,
    ...extra,
  }
}

/** Seqs of `expected` whose cache key holds the record's bytes (Redis GET / memcached get). */
export async function cacheHolds(type: 'redis' | 'memcached', tag: string, inputs: KinesisInput[]): Promise<Set<number>> {
  const held = new Set<number>()
  const keys = inputs.map((input) => input.partitionKey!)
  if (type === 'redis') {
    const redis = new Redis(REDIS_URL, {lazyConnect: true, maxRetriesPerRequest: 1})
    try {
      await redis.connect()
      const values = await redis.mgetBuffer(...keys)
      values.forEach((value, seq) => value && value.toString() === String(inputs[seq].data) && held.add(seq))
    } finally {
      redis.disconnect()
    }
    return held
  }
  const client = memjs.Client.create(MEMCACHED_ADDRESS, {logger: {log: () => {}}, retries: 1, timeout: 2} as memjs.ClientOptions)
  try {
    for (const [seq, key] of keys.entries()) {
      const {value} = await client.get(key)
      if (value && value.toString() === String(inputs[seq].data)) held.add(seq)
    }
  } finally {
    client.close()
  }
  return held
}

// --- parking bucket on moto S3 ---------------------------------------------------------------

export function s3(): S3Client {
  return createClient(S3Client, {credentials: TEST_AWS_ENV_CREDENTIALS, endpoint: MOTO_ENDPOINT, extra: {forcePathStyle: true}, region: TEST_AWS_ENV.AWS_REGION})
}

export async function createBucket(client: S3Client, bucket: string): Promise<void> {
  await client.send(new CreateBucketCommand({Bucket: bucket}))
}

export interface ParkedObject {
  key: string
  /** The record count the key names (`...-<count>.jsonl.gz`). */
  keyCount: number
  lines: Array<Record<string, unknown>>
}

/** Every parked object of one mapping, read and gunzipped. */
export async function parkedObjects(client: S3Client, bucket: string, sourceArn: string, mappingId: string): Promise<ParkedObject[]> {
  const prefix = `parked/${encodeURIComponent(sourceArn)}/${encodeURIComponent(mappingId)}/`
  const keys: string[] = []
  let token: string | undefined
  do {
    const page = await client.send(new ListObjectsV2Command({Bucket: bucket, ContinuationToken: token, Prefix: prefix}))
    for (const object of page.Contents ?? []) keys.push(object.Key!)
    token = page.NextContinuationToken
  } while (token)
  return Promise.all(
    keys.sort().map(async (key) => {
      const body = await client.send(new GetObjectCommand({Bucket: bucket, Key: key}))
      const bytes = Buffer.from(await body.Body!.transformToByteArray())
      const text = gunzipSync(bytes).toString()
      const match = /-(\d+)\.jsonl\.gz$/.exec(key)
      return {
        key,
        keyCount: match ? Number(match[1]) : Number.NaN,
        lines: text
          .split('\n')
          .filter(Boolean)
          .map((line) => JSON.parse(line) as Record<string, unknown>),
      }
    }),
  )
}

/** Every key under parked/ for a source (all mappings). */
export async function parkedKeys(client: S3Client, bucket: string, sourceArn: string): Promise<string[]> {
  const out = await client.send(new ListObjectsV2Command({Bucket: bucket, Prefix: `parked/${encodeURIComponent(sourceArn)}/`}))
  return (out.Contents ?? []).map((o) => o.Key!)
}

export async function deleteKeys(client: S3Client, bucket: string, keys: string[]): Promise<void> {
  for (const key of keys) await client.send(new DeleteObjectCommand({Bucket: bucket, Key: key}))
}
