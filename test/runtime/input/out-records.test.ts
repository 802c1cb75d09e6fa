import assert from 'node:assert/strict'
import {readEvent} from '../../../runtime/input/event.js'
import {buildOutRecords} from '../../../runtime/input/out-records.js'
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

      const whole = await buildOutRecords(sources, plain)
      assert.deepEqual(whole.records[0].data, aggregated.data)
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
