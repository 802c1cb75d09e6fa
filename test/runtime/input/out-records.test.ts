import assert from 'node:assert/strict'
import {readEvent} from '../../../runtime/input/event.js'
import {buildOutRecords} from '../../../runtime/input/out-records.js'
import {KinesisRecord} from '../../../runtime/records.js'
import {dynamodbEvent, dynamodbStreamArn, kinesisEvent, kinesisStreamArn, snsEvent, snsTopicArn} from '../../helpers/events.js'
import {aggregate} from '../../helpers/kpl.js'

const plain = {convertDDB: false, deaggregate: false}

describe('buildOutRecords', () => {
  describe('Kinesis', () => {
    it('decodes the data and keeps the partition key', async () => {
      const bytes = Buffer.from([0, 1, 2, 250])
      const {records, skipped} = await buildOutRecords(readEvent(kinesisEvent(kinesisStreamArn('s'), [{data: bytes, partitionKey: 'pk'}])).records, plain)
      assert.deepEqual(skipped, [])
      assert.deepEqual(records[0].data, bytes)
      assert.equal(records[0].key, 'pk')
    })

    it("a whole record carries the event's base64 and decodes it on first read only", async () => {
      const event = kinesisEvent(kinesisStreamArn('s'), [Buffer.from([0, 1, 2, 250]), ''])
      const {records} = await buildOutRecords(readEvent(event).records, plain)
      assert.deepEqual(records.map((r) => r.base64), event.Records.map((r) => r.kinesis.data))
      assert.ok(records.every((r) => r instanceof KinesisRecord))
      assert.equal(records[0].data, records[0].data, 'decoded once, then kept')
      assert.deepEqual(records[1].data, Buffer.alloc(0))
    })

    it('text that decodes but is not canonical (URL-safe, stray bits) is sent as its bytes, without base64', async () => {
      const event = kinesisEvent(kinesisStreamArn('s'), [{data: '', rawData: '-_8='}, {data: '', rawData: 'QR=='}])
      const {records, skipped} = await buildOutRecords(readEvent(event).records, plain)
      assert.deepEqual(skipped, [])
      assert.deepEqual(records.map((r) => [r.data.toString('hex'), r.base64]), [
        ['fbff', undefined],
        ['41', undefined],
      ])
    })

    it('skips a record whose data is not valid base64, with the reason', async () => {
      const event = kinesisEvent(kinesisStreamArn('s'), ['good', {data: '', rawData: 'not base64!!'}, 'also good'])
      const {records, skipped} = await buildOutRecords(readEvent(event).records, plain)
      assert.deepEqual(records.map((r) => r.data.toString()), ['good', 'also good'])
      assert.equal(skipped.length, 1)
      assert.equal(skipped[0].source.index, 1)
      assert.match(skipped[0].reason, /not valid base64/)
    })

    it('splits KPL aggregates when the mapping deaggregates; each user record keeps the source checkpoint', async () => {
      const users = Array.from({length: 5}, (_, n) => ({data: `user-${n}`, partitionKey: `pk-${n % 2}`}))
      const [aggregated] = await aggregate(users)
      const event = kinesisEvent(kinesisStreamArn('s'), [{data: aggregated.data, partitionKey: aggregated.partitionKey}, 'plain'])
      const sources = readEvent(event).records

      const split = await buildOutRecords(sources, {convertDDB: false, deaggregate: true})
      assert.deepEqual(split.records.map((r) => [r.data.toString(), r.key, r.source.checkpoint, r.subSequence]), [
        ...users.map((u, n) => [u.data, u.partitionKey, sources[0].checkpoint, n]),
        ['plain', 'key-2', sources[1].checkpoint, undefined],
      ])
      assert.deepEqual(split.records.map((r) => r.base64 !== undefined), [...users.map(() => false), true], 'user records carry no base64 of their own')

      const whole = await buildOutRecords(sources, plain)
      assert.deepEqual(whole.records[0].data, aggregated.data)
      assert.equal(whole.records[0].base64, aggregated.data.toString('base64'))
    })

    it('a deaggregating mapping keeps the base64 of records that are not aggregates (told from the first characters, or the length)', async () => {
      const magicOnly = Buffer.from([0xf3, 0x89, 0x9a, 0xc2, 1, 2, 3])
      const event = kinesisEvent(kinesisStreamArn('s'), ['plain', magicOnly, {data: '', rawData: 'not base64!!'}])
      const {records, skipped} = await buildOutRecords(readEvent(event).records, {convertDDB: false, deaggregate: true})
      assert.deepEqual(records.map((r) => [r.data.toString('hex'), r.base64, r.subSequence]), [
        [Buffer.from('plain').toString('hex'), event.Records[0].kinesis.data, undefined],
        [magicOnly.toString('hex'), event.Records[1].kinesis.data, undefined],
      ])
      assert.match(skipped[0].reason, /not valid base64/)
    })

    it('skips a damaged aggregate (bad checksum) with the reason', async () => {
      const [aggregated] = await aggregate([{data: 'a', partitionKey: 'p'}, {data: 'b', partitionKey: 'p'}])
      const damaged = Buffer.from(aggregated.data)
      damaged[damaged.length - 1] ^= 0xff
      const event = kinesisEvent(kinesisStreamArn('s'), [{data: damaged}])
      const {records, skipped} = await buildOutRecords(readEvent(event).records, {convertDDB: false, deaggregate: true})
      assert.equal(records.length, 0)
      assert.match(skipped[0].reason, /damaged KPL aggregate/)
    })
  })

  describe('DynamoDB', () => {
    const arn = dynamodbStreamArn('t')
    const keys = {pk: {S: 'a'}, sk: {N: '2'}}
    const newImage = {pk: {S: 'a'}, sk: {N: '2'}, tags: {SS: ['x']}}

    it('sends the NewImage as raw attribute-value JSON by default', async () => {
      const {records} = await buildOutRecords(readEvent(dynamodbEvent(arn, [{keys, newImage}])).records, plain)
      assert.equal(records[0].data.toString(), JSON.stringify(newImage))
      assert.equal(records[0].key, 'a|2')
    })

    it('sends plain JSON with convertDDB', async () => {
      const {records} = await buildOutRecords(readEvent(dynamodbEvent(arn, [{keys, newImage}])).records, {convertDDB: true, deaggregate: false})
      assert.equal(records[0].data.toString(), '{"pk":"a","sk":2,"tags":["x"]}')
    })

    it('sends {} when there is no NewImage (REMOVE)', async () => {
      const {records} = await buildOutRecords(readEvent(dynamodbEvent(arn, [{keys}])).records, {convertDDB: true, deaggregate: false})
      assert.equal(records[0].data.toString(), '{}')
    })
  })

  it('SNS: sends the message text, keyed by message id', async () => {
    const {records} = await buildOutRecords(readEvent(snsEvent(snsTopicArn('t'), ['hello ✓'])).records, plain)
    assert.equal(records[0].data.toString(), 'hello ✓')
    assert.equal(records[0].key, '00000000-0000-4000-8000-000000000001')
  })
})
