import assert from 'node:assert/strict'
import {matchDocument, parseRecordData} from '../../../runtime/filter/match-document.js'
import type {OutRecord} from '../../../runtime/records.js'
import {readEvent} from '../../../runtime/input/event.js'
import {buildOutRecords} from '../../../runtime/input/out-records.js'
import {dynamodbEvent, dynamodbStreamArn, kinesisEvent, kinesisStreamArn, sequenceNumber, snsEvent, snsTopicArn} from '../../helpers/events.js'
import {aggregate} from '../../helpers/kpl.js'

const STREAM = kinesisStreamArn('orders')
const TABLE = dynamodbStreamArn('orders')

async function records(event: unknown, options = {convertDDB: false, deaggregate: true}): Promise<OutRecord[]> {
  const built = await buildOutRecords(readEvent(event).records, options)
  assert.deepEqual(built.skipped, [])
  return built.records
}

describe('match documents', () => {
  it('Kinesis JSON: metadata and the parsed data', async () => {
    const [record] = await records(kinesisEvent(STREAM, [{data: '{"kind":"order","amount":3.0e2}', partitionKey: 'customer-7'}]))
    assert.deepEqual(matchDocument(record, {convertDDB: false}), {
      approximateArrivalTimestamp: 1_700_000_000.001,
      data: {amount: 300, kind: 'order'},
      partitionKey: 'customer-7',
      sequenceNumber: sequenceNumber(1),
    })
  })

  it('Kinesis: a record that is not JSON (or not UTF-8) has no data', async () => {
    const [text, binary] = await records(kinesisEvent(STREAM, ['kind=order', Buffer.from([0x7b, 0xff, 0x7d])]))
    assert.equal('data' in matchDocument(text, {convertDDB: false}), false)
    assert.equal('data' in matchDocument(binary, {convertDDB: false}), false)
    assert.equal(parseRecordData(Buffer.from('"just a string"')), 'just a string')
  })

  it('Kinesis: parseData false leaves data out', async () => {
    const [record] = await records(kinesisEvent(STREAM, ['{"a":1}']))
    assert.equal('data' in matchDocument(record, {convertDDB: false, parseData: false}), false)
  })

  it('KPL: each user record has its own key and data, and the aggregate sequence number', async () => {
    const [agg] = await aggregate([
      {data: '{"n":1}', partitionKey: 'user-a'},
      {data: 'not json', partitionKey: 'user-b'},
    ])
    const users = await records(kinesisEvent(STREAM, [{data: agg.data, partitionKey: agg.partitionKey}]))
    assert.equal(users.length, 2)
    const [first, second] = users.map((user) => matchDocument(user, {convertDDB: false}))
    assert.deepEqual(first, {approximateArrivalTimestamp: 1_700_000_000.001, data: {n: 1}, partitionKey: 'user-a', sequenceNumber: sequenceNumber(1)})
    assert.deepEqual(second, {approximateArrivalTimestamp: 1_700_000_000.001, partitionKey: 'user-b', sequenceNumber: sequenceNumber(1)})
  })

  it('DynamoDB: raw attribute values, and plain JSON with convertDDB', async () => {
    const event = dynamodbEvent(TABLE, [{keys: {id: {N: '7'}}, newImage: {id: {N: '7'}, status: {S: 'shipped'}, tags: {SS: ['a']}}}])
    const [raw] = await records(event)
    assert.deepEqual(matchDocument(raw, {convertDDB: false}), {
      dynamodb: {Keys: {id: {N: '7'}}, NewImage: {id: {N: '7'}, status: {S: 'shipped'}, tags: {SS: ['a']}}},
      eventName: 'INSERT',
    })
    const [converted] = await records(event, {convertDDB: true, deaggregate: false})
    assert.deepEqual(matchDocument(converted, {convertDDB: true}), {
      dynamodb: {Keys: {id: 7}, NewImage: {id: 7, status: 'shipped', tags: ['a']}},
      eventName: 'INSERT',
    })
  })

  it('DynamoDB: MODIFY carries OldImage; REMOVE has no NewImage', async () => {
    const event = dynamodbEvent(TABLE, [{eventName: 'REMOVE', keys: {id: {S: 'x'}}}]) as {Records: Array<{dynamodb: Record<string, unknown>}>}
    event.Records[0].dynamodb.OldImage = {id: {S: 'x'}, status: {S: 'cancelled'}}
    const [record] = await records(event, {convertDDB: true, deaggregate: false})
    assert.deepEqual(matchDocument(record, {convertDDB: true}), {
      dynamodb: {Keys: {id: 'x'}, OldImage: {id: 'x', status: 'cancelled'}},
      eventName: 'REMOVE',
    })
  })

  it('DynamoDB: an image that cannot be converted is left out', async () => {
    const event = dynamodbEvent(TABLE, [{keys: {id: {S: 'x'}}, newImage: {id: {S: 'x'}}}]) as {Records: Array<{dynamodb: Record<string, unknown>}>}
    event.Records[0].dynamodb.OldImage = {id: {X: 'strange'}}
    const [record] = await records(event, {convertDDB: true, deaggregate: false})
    assert.deepEqual(matchDocument(record, {convertDDB: true}).dynamodb, {Keys: {id: 'x'}, NewImage: {id: 'x'}})
  })

  it('SNS-wrapped records: the message id as key, the message parsed as data', async () => {
    const topic = snsTopicArn('relay')
    const [record] = await records(snsEvent(topic, ['{"kind":"order"}']))
    assert.deepEqual(matchDocument(record, {convertDDB: false}), {
      data: {kind: 'order'},
      messageId: '00000000-0000-4000-8000-000000000001',
      partitionKey: '00000000-0000-4000-8000-000000000001',
      topicArn: topic,
    })
  })
})
