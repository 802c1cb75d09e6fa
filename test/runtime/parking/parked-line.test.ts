import assert from 'node:assert/strict'
import {PutObjectCommand, S3Client} from '@aws-sdk/client-s3'
import {mockClient, type AwsClientStub} from 'aws-sdk-client-mock'
import {parseMappingItem, type Mapping} from '../../../runtime/mapping/schema.js'
import {parseParkedObjectKey} from '../../../runtime/parking/object-key.js'
import {parkedLines, parseParkedLines, recordFromLine, serializeParkedLines} from '../../../runtime/parking/parked-line.js'
import {createS3ParkStore, decodeParkedObject, decodeParkedObjectSync, parkedObject} from '../../../runtime/parking/s3-park-store.js'
import {readEvent} from '../../../runtime/input/event.js'
import {buildOutRecords} from '../../../runtime/input/out-records.js'
import type {OutRecord} from '../../../runtime/records.js'
import {dynamodbEvent, dynamodbStreamArn, kinesisEvent, kinesisStreamArn, sequenceNumber, snsEvent, snsTopicArn} from '../../helpers/events.js'
import {aggregate} from '../../helpers/kpl.js'

function mapping(sourceArn: string, type = 'sqs', destination = 'http://localhost:4566/123456789012/q', extra: Record<string, unknown> = {}): Mapping {
  const parsed = parseMappingItem({active: true, destination, id: 'm1', sourceArn, type, ...extra})
  if (!parsed.ok) throw new Error(parsed.reason)
  return parsed.mapping
}

const parkedAt = new Date('2026-05-06T07:08:09.010Z')

/** The OutRecord fields a target (and replay) uses. */
const essentials = (record: OutRecord) => ({
  checkpoint: record.source.checkpoint,
  data: record.data.toString('base64'),
  key: record.key,
  kind: record.source.kind,
  sourceArn: record.source.sourceArn,
  subSequence: record.subSequence,
})

describe('parked lines', () => {
  it('Kinesis: one line per record in source order with every docs/runtime.md field; recordFromLine gives the record back', async () => {
    const arn = kinesisStreamArn('orders')
    const bytes = [Buffer.from('{"a":1}'), Buffer.from([0, 255, 1]), Buffer.from('text')]
    const {records} = await buildOutRecords(readEvent(kinesisEvent(arn, bytes)).records, {convertDDB: false, deaggregate: false})
    const lines = parkedLines({error: 'AccessDeniedException: no', mapping: mapping(arn), parkedAt, reason: 'refused', records})
    assert.equal(lines.length, 3)
    assert.deepEqual(Object.keys(lines[0]), ['v', 'sourceArn', 'mappingId', 'type', 'destination', 'reason', 'error', 'parkedAt', 'shardId', 'sequenceNumber', 'partitionKey', 'approximateArrivalTimestamp', 'data'])
    assert.deepEqual(lines[1], {
      approximateArrivalTimestamp: 1_700_000_000.002,
      data: Buffer.from([0, 255, 1]).toString('base64'),
      destination: 'http://localhost:4566/123456789012/q',
      error: 'AccessDeniedException: no',
      mappingId: 'm1',
      parkedAt: '2026-05-06T07:08:09.010Z',
      partitionKey: 'key-2',
      reason: 'refused',
      sequenceNumber: sequenceNumber(2),
      shardId: 'shardId-000000000000',
      sourceArn: arn,
      type: 'sqs',
      v: 1,
    })
    const back = parseParkedLines(serializeParkedLines(lines)).map((line, i) => recordFromLine(line, i))
    assert.deepEqual(back.map(essentials), records.map(essentials))
    // The rebuilt event record reads back as the same record (lambda targets forward it; filters read it).
    const again = await buildOutRecords(back.map((r) => r.source), {convertDDB: false, deaggregate: false})
    assert.deepEqual(again.records.map(essentials), records.map(essentials))
    assert.equal((back[0].source.raw as {eventID: string}).eventID, `shardId-000000000000:${sequenceNumber(1)}`)
  })

  it("a whole Kinesis record is parked with the event's base64, without decoding it", async () => {
    const arn = kinesisStreamArn('orders')
    const event = kinesisEvent(arn, [Buffer.from([1, 2, 3, 4]), Buffer.alloc(0)])
    const {records} = await buildOutRecords(readEvent(event).records, {convertDDB: false, deaggregate: false})
    for (const record of records) {
      Object.defineProperty(record, 'data', {
        get() {
          throw new Error('decoded')
        },
      })
    }
    const lines = parkedLines({error: 'x', mapping: mapping(arn, 'kinesis', 'out'), parkedAt, reason: 'expired', records})
    assert.deepEqual(lines.map((line) => line.data), event.Records.map((r) => r.kinesis.data))
  })

  it('KPL user records keep their subSequenceNumber and their own partition key', async () => {
    const arn = kinesisStreamArn('kpl')
    const [aggregated] = await aggregate([{data: 'u0', partitionKey: 'p0'}, {data: 'u1', partitionKey: 'p1'}])
    const {records} = await buildOutRecords(readEvent(kinesisEvent(arn, [aggregated])).records, {convertDDB: false, deaggregate: true})
    assert.equal(records.length, 2)
    const lines = parkedLines({error: 'x', mapping: mapping(arn), parkedAt, reason: 'expired', records})
    assert.deepEqual(lines.map((l) => [l.subSequenceNumber, l.partitionKey, Buffer.from(l.data, 'base64').toString()]), [[0, 'p0', 'u0'], [1, 'p1', 'u1']])
    assert.deepEqual(lines.map((l, i) => essentials(recordFromLine(l, i))), records.map(essentials))
  })

  it('DynamoDB: the NewImage bytes, the key string, ApproximateCreationDateTime; no shard in the event', async () => {
    const arn = dynamodbStreamArn('orders')
    const event = dynamodbEvent(arn, [{keys: {id: {S: 'a'}}, newImage: {id: {S: 'a'}, n: {N: '5'}}}])
    const {records} = await buildOutRecords(readEvent(event).records, {convertDDB: true, deaggregate: false})
    const [line] = parkedLines({error: 'e', mapping: mapping(arn), parkedAt, reason: 'undeliverable', records})
    assert.equal(Buffer.from(line.data, 'base64').toString(), '{"id":"a","n":5}')
    assert.deepEqual([line.partitionKey, line.shardId, line.sequenceNumber, line.approximateArrivalTimestamp], ['a', 'unsharded', '100000000001', 1_700_000_000])
    assert.deepEqual(essentials(recordFromLine(line)), essentials(records[0]))
  })

  it('SNS-wrapped records: the message id is the sequence number', async () => {
    const arn = snsTopicArn('t')
    const {records} = await buildOutRecords(readEvent(snsEvent(arn, ['hello'])).records, {convertDDB: false, deaggregate: false})
    const [line] = parkedLines({error: 'e', mapping: {...mapping(kinesisStreamArn('x')), sourceArn: arn}, parkedAt, reason: 'circuit-open', records})
    assert.equal(line.approximateArrivalTimestamp, Date.parse('2024-01-01T00:00:00.000Z') / 1000)
    assert.deepEqual(essentials(recordFromLine(line)), essentials(records[0]))
  })

  it('never writes a secret: a redis URL password becomes ****, in the destination and in the error; so does the external id', async () => {
    const arn = kinesisStreamArn('s')
    const {records} = await buildOutRecords(readEvent(kinesisEvent(arn, ['x'])).records, {convertDDB: false, deaggregate: false})
    const m = mapping(arn, 'redis', 'rediss://user:s3cret@cache.example:6380')
    const [line] = parkedLines({error: 'connect to rediss://user:s3cret@cache.example:6380 failed', mapping: m, parkedAt, reason: 'refused', records})
    assert.equal(line.destination, 'rediss://user:****@cache.example:6380')
    assert.equal(line.error, 'connect to rediss://user:****@cache.example:6380 failed')
    const role = mapping(arn, 'sqs', 'http://localhost:4566/123456789012/q', {externalId: 'ext-secret-42', role: 'arn:aws:iam::210987654321:role/w'})
    const [denied] = parkedLines({error: 'AssumeRole with ExternalId ext-secret-42 denied', mapping: role, parkedAt, reason: 'refused', records})
    assert.equal(denied.error, 'AssumeRole with ExternalId **** denied')
    assert.ok(!JSON.stringify(denied).includes('ext-secret-42'))
  })

  it('parseParkedLines refuses lines that are not parked records, naming the line', () => {
    assert.throws(() => parseParkedLines('{"v":1}\n'), /line 1 is not a parked record/)
    assert.throws(() => parseParkedLines('nope'), /line 1 is not JSON/)
    assert.deepEqual(parseParkedLines('\n\n'), [])
  })
})

describe('S3 park store', () => {
  let s3!: AwsClientStub<S3Client>
  before(() => (s3 = mockClient(S3Client)))
  afterEach(() => s3.reset())
  after(() => s3.restore())

  it('writes one gzip JSON-lines object per batch, keyed by shard, first sequence number and count', async () => {
    s3.on(PutObjectCommand).resolves({})
    const arn = kinesisStreamArn('orders')
    const {records} = await buildOutRecords(readEvent(kinesisEvent(arn, ['a', 'b', 'c'], 7)).records, {convertDDB: false, deaggregate: false})
    const store = createS3ParkStore('bucket-1', {client: new S3Client({region: 'us-east-1'})})
    const {key} = await store.park({error: 'boom', mapping: mapping(arn), parkedAt, reason: 'expired', records})
    const [call] = s3.commandCalls(PutObjectCommand)
    const input = call.args[0].input
    assert.equal(input.Bucket, 'bucket-1')
    assert.equal(input.Key, key)
    assert.deepEqual(parseParkedObjectKey(key), {count: 3, firstSequenceNumber: sequenceNumber(7), mappingId: 'm1', parkedAt, shardId: 'shardId-000000000000', sourceArn: arn})
    const lines = decodeParkedObjectSync(input.Body as Buffer)
    assert.deepEqual(lines.map((l) => Buffer.from(l.data, 'base64').toString()), ['a', 'b', 'c'])
    assert.deepEqual(await decodeParkedObject(input.Body as Buffer), lines)
  })

  it('a batch larger than one gzip chunk (2,000 records of 1 KiB) reads back whole and in order', async () => {
    const arn = kinesisStreamArn('big')
    const datas = Array.from({length: 2000}, (_, n) => `${n}:${'y'.repeat(1020)}`)
    const {records} = await buildOutRecords(readEvent(kinesisEvent(arn, datas)).records, {convertDDB: false, deaggregate: false})
    const {body, key} = await parkedObject({error: 'e', mapping: mapping(arn), parkedAt, reason: 'expired', records})
    const lines = await decodeParkedObject(body)
    assert.equal(parseParkedObjectKey(key)?.count, 2000)
    assert.deepEqual(lines.map((l) => Buffer.from(l.data, 'base64').toString()), datas)
    assert.deepEqual(lines, parkedLines({error: 'e', mapping: mapping(arn), parkedAt, reason: 'expired', records}))
  })

  it('passes the abort signal to the call; an empty batch is refused', async () => {
    const arn = kinesisStreamArn('orders')
    s3.on(PutObjectCommand).resolves({})
    const {records} = await buildOutRecords(readEvent(kinesisEvent(arn, ['a'])).records, {convertDDB: false, deaggregate: false})
    const store = createS3ParkStore('b', {client: new S3Client({region: 'us-east-1'})})
    await assert.rejects(parkedObject({error: '', mapping: mapping(arn), parkedAt, reason: 'expired', records: []}), /no records/)
    const controller = new AbortController()
    await store.park({error: 'x', mapping: mapping(arn), parkedAt, reason: 'expired', records}, controller.signal)
    const options = (s3.send.firstCall.args as unknown[])[1] as {abortSignal?: AbortSignal}
    assert.equal(options.abortSignal, controller.signal)
  })
})
