import assert from 'node:assert/strict'
import {DeleteObjectsCommand, GetObjectCommand, ListObjectsV2Command, S3Client} from '@aws-sdk/client-s3'
import {sdkStreamMixin} from '@smithy/util-stream'
import {Readable} from 'node:stream'
import {mockClient, type AwsClientStub} from 'aws-sdk-client-mock'
import {bucketNameProblem, defaultParkingBucketName} from '../../../src/parking/bucket-name.js'
import {summarizeParked, type ParkedObject} from '../../../src/parking/listing.js'
import {formatBytes, formatReasons} from '../../../src/parking/render.js'
import {replayParked} from '../../../src/parking/replay.js'
import {useCommandSettingsForTargets} from '../../../src/parking/target-environment.js'
import {parseTimeFlag} from '../../../src/parking/times.js'
import {parkedObject} from '../../../runtime/parking/s3-park-store.js'
import {readEvent} from '../../../runtime/input/event.js'
import {buildOutRecords} from '../../../runtime/input/out-records.js'
import type {DeliveryReport} from '../../../runtime/targets/target.js'
import {kinesisEvent, kinesisStreamArn} from '../../helpers/events.js'
import {memoryLogger} from '../../runtime/log.js'
import {mappingOf} from './park-fixtures.js'

describe('parking bucket names', () => {
  it('default: <function in lower case>-parked-<account>-<region>', () => {
    assert.equal(defaultParkingBucketName('fanout', '123456789012', 'eu-west-1'), 'fanout-parked-123456789012-eu-west-1')
    assert.equal(defaultParkingBucketName('MyFanOut', '123456789012', 'us-gov-west-1'), 'myfanout-parked-123456789012-us-gov-west-1')
    // Underscores are not allowed in bucket names.
    assert.equal(defaultParkingBucketName('my_fan_out', '123456789012', 'us-east-1'), 'my-fan-out-parked-123456789012-us-east-1')
  })

  it('over 63 characters: shortened with a hash, stable, distinct per function, valid', () => {
    const long = 'a'.repeat(64)
    const one = defaultParkingBucketName(long, '123456789012', 'ap-southeast-2')
    assert.equal(one.length <= 63, true)
    assert.match(one, /^a+-[0-9a-f]{8}-parked-123456789012-ap-southeast-2$/)
    assert.equal(defaultParkingBucketName(long, '123456789012', 'ap-southeast-2'), one)
    assert.notEqual(defaultParkingBucketName(`${long}b`, '123456789012', 'ap-southeast-2'), one)
    assert.equal(bucketNameProblem(one), undefined)
  })

  it('bucketNameProblem says why a name cannot be a bucket', () => {
    assert.equal(bucketNameProblem('ok-bucket.name'), undefined)
    assert.match(bucketNameProblem('ab')!, /3 to 63/)
    assert.match(bucketNameProblem('Upper')!, /lower-case/)
    assert.match(bucketNameProblem('a..b')!, /two dots/)
    assert.match(bucketNameProblem('192.168.0.1')!, /IP address/)
  })
})

describe('replay --since / --until times', () => {
  const now = new Date('2026-06-01T12:00:00.000Z')
  it('takes ISO times (UTC without an offset) and durations back from now', () => {
    assert.equal(parseTimeFlag('since', '2026-05-01T10:00:00Z', now)?.toISOString(), '2026-05-01T10:00:00.000Z')
    assert.equal(parseTimeFlag('since', '2026-05-01T10:00', now)?.toISOString(), '2026-05-01T10:00:00.000Z')
    assert.equal(parseTimeFlag('since', '2026-05-01', now)?.toISOString(), '2026-05-01T00:00:00.000Z')
    assert.equal(parseTimeFlag('since', '2026-05-01T12:00:00+02:00', now)?.toISOString(), '2026-05-01T10:00:00.000Z')
    assert.equal(parseTimeFlag('until', '90m', now)?.toISOString(), '2026-06-01T10:30:00.000Z')
    assert.equal(parseTimeFlag('until', undefined, now), undefined)
  })
  it('anything else is a usage error naming the flag (exit 2)', () => {
    assert.throws(() => parseTimeFlag('until', 'tomorrow', now), (error: Error & {exitCode?: number}) => /^Invalid --until 'tomorrow'/.test(error.message) && error.exitCode === 2)
  })
})

describe('parked listing summary', () => {
  const object = (mappingId: string, at: string, count: number, bytes: number): ParkedObject => ({
    bytes,
    count,
    firstSequenceNumber: '1',
    key: `k-${mappingId}-${at}`,
    mappingId,
    parkedAt: new Date(at),
    shardId: 'shardId-000000000000',
    sourceArn: 'arn:aws:kinesis:us-east-1:123456789012:stream/s',
  })
  it('one row per mapping: records and bytes summed, oldest and newest as ISO times', () => {
    const rows = summarizeParked([object('b', '2026-01-01T00:00:00.000Z', 2, 10), object('a', '2026-01-02T00:00:00.000Z', 5, 7), object('a', '2026-01-01T05:00:00.000Z', 1, 3)])
    assert.deepEqual(rows, [
      {bytes: 10, id: 'a', newest: '2026-01-02T00:00:00.000Z', objects: 2, oldest: '2026-01-01T05:00:00.000Z', records: 6, sourceArn: 'arn:aws:kinesis:us-east-1:123456789012:stream/s'},
      {bytes: 10, id: 'b', newest: '2026-01-01T00:00:00.000Z', objects: 1, oldest: '2026-01-01T00:00:00.000Z', records: 2, sourceArn: 'arn:aws:kinesis:us-east-1:123456789012:stream/s'},
    ])
  })
  it('renders sizes and reasons for people', () => {
    assert.deepEqual([formatBytes(512), formatBytes(1536), formatBytes(50 * 1024 * 1024)], ['512 B', '1.5 KiB', '50 MiB'])
    assert.equal(formatReasons({reasons: {expired: 2, refused: 5}, sampled: 3}, 3), 'refused 5, expired 2')
    assert.equal(formatReasons({reasons: {refused: 5}, sampled: 20}, 40), 'refused 5 (newest 20 objects)')
  })
})

describe('replay service (S3 mocked; the moto suite runs it for real)', () => {
  let s3!: AwsClientStub<S3Client>
  before(() => (s3 = mockClient(S3Client)))
  afterEach(() => s3.reset())
  after(() => s3.restore())

  const source = kinesisStreamArn('r')
  const mapping = mappingOf({collapse: 'none', destination: 'http://localhost:4566/123456789012/q', id: 'm', sourceArn: source, type: 'sqs'})

  async function stored(datas: string[], firstN: number, at: string) {
    const {records} = await buildOutRecords(readEvent(kinesisEvent(source, datas, firstN)).records, {convertDDB: false, deaggregate: false})
    return parkedObject({error: 'e', mapping, parkedAt: new Date(at), reason: 'refused', records})
  }

  async function setUp() {
    const objects = [await stored(['a', 'b'], 1, '2026-01-01T00:00:00.000Z'), await stored(['c'], 3, '2026-01-01T01:00:00.000Z')]
    // Listed newest first: replay still goes oldest first.
    s3.on(ListObjectsV2Command).resolves({Contents: [...objects].reverse().map((o) => ({Key: o.key, Size: o.body.length}))})
    for (const o of objects) {
      s3.on(GetObjectCommand, {Key: o.key}).callsFake(async () => ({Body: sdkStreamMixin(Readable.from([o.body]))}))
    }
    s3.on(DeleteObjectsCommand).resolves({})
    return objects
  }

  const report = (delivered: number, extra: Partial<DeliveryReport> = {}): DeliveryReport => ({calls: 1, delivered, failed: [], refused: [], retried: 0, skipped: [], ...extra})

  it('oldest first, the records of each object in source order, each object deleted after its delivery', async () => {
    const objects = await setUp()
    const sent: string[][] = []
    const result = await replayParked({
      bucket: 'b',
      deliver: async (_m, records) => {
        sent.push(records.map((r) => r.data.toString()))
        return report(records.length)
      },
      log: memoryLogger(),
      s3: new S3Client({region: 'us-east-1'}),
      selection: {mappingId: 'm', sourceArn: source},
      target: mapping,
    })
    assert.deepEqual(sent, [['a', 'b'], ['c']])
    assert.deepEqual(s3.commandCalls(DeleteObjectsCommand).map((c) => c.args[0].input.Delete?.Objects?.map((o) => o.Key)), [[objects[0].key], [objects[1].key]])
    assert.deepEqual({...result, planned: undefined}, {objects: 2, planned: undefined, remaining: 0, replayed: 3, selected: {objects: 2, records: 3}})
  })

  it('a partly delivered object stays (resumable) and replay stops there with the target\'s error', async () => {
    const objects = await setUp()
    let calls = 0
    const result = await replayParked({
      bucket: 'b',
      deliver: async (m, records, options) => {
        calls++
        options.log.warn('delivery incomplete', {error: 'ThrottlingException: slow down'})
        return report(records.length - 1, {failed: records.slice(-1)})
      },
      log: memoryLogger(),
      s3: new S3Client({region: 'us-east-1'}),
      selection: {mappingId: 'm', sourceArn: source},
      target: mapping,
    })
    assert.equal(calls, 1)
    assert.equal(s3.commandCalls(DeleteObjectsCommand).length, 0)
    assert.deepEqual(result.stopped, {key: objects[0].key, reason: '1 of 2 records not delivered (ThrottlingException: slow down)'})
    assert.deepEqual([result.replayed, result.objects, result.remaining], [0, 0, 3])
  })

  it('an abort (Ctrl-C) stops before the next object', async () => {
    await setUp()
    const controller = new AbortController()
    const result = await replayParked({
      bucket: 'b',
      deliver: async (_m, records) => {
        controller.abort()
        return report(records.length)
      },
      log: memoryLogger(),
      s3: new S3Client({region: 'us-east-1'}),
      selection: {mappingId: 'm', sourceArn: source},
      signal: controller.signal,
      target: mapping,
    })
    assert.equal(result.stopped?.reason, 'interrupted')
    assert.deepEqual([result.replayed, result.objects, result.remaining], [2, 1, 1])
  })
})

describe('replay: the command\'s settings for the target code', () => {
  it('--region, --endpoint-url and --profile go where the runtime reads them; --profile outranks key variables', () => {
    const env: NodeJS.ProcessEnv = {AWS_ACCESS_KEY_ID: 'k', AWS_SECRET_ACCESS_KEY: 's', AWS_SESSION_TOKEN: 't'}
    useCommandSettingsForTargets({endpointUrl: 'http://localhost:4566', profile: 'ops', region: 'eu-west-1'}, env)
    assert.deepEqual(env, {AWS_ENDPOINT_URL: 'http://localhost:4566', AWS_PROFILE: 'ops', AWS_REGION: 'eu-west-1'})
    const untouched: NodeJS.ProcessEnv = {AWS_ACCESS_KEY_ID: 'k'}
    useCommandSettingsForTargets({}, untouched)
    assert.deepEqual(untouched, {AWS_ACCESS_KEY_ID: 'k'})
  })
})
