import assert from 'node:assert/strict'
import {groupBySource, readEvent} from '../../../runtime/input/event.js'
import {dynamodbEvent, dynamodbStreamArn, kinesisEvent, kinesisStreamArn, sequenceNumber, snsEvent, snsTopicArn} from '../../helpers/events.js'

describe('readEvent', () => {
  it('reads Kinesis records with their sequence numbers as checkpoints', () => {
    const arn = kinesisStreamArn('s1')
    const {records, unknown} = readEvent(kinesisEvent(arn, ['a', 'b']))
    assert.deepEqual(unknown, [])
    assert.deepEqual(records.map((r) => [r.index, r.kind, r.checkpoint, r.sourceArn]), [
      [0, 'kinesis', sequenceNumber(1), arn],
      [1, 'kinesis', sequenceNumber(2), arn],
    ])
  })

  it('keys enhanced fan-out consumer records by their stream ARN (every partition)', () => {
    const arn = kinesisStreamArn('s1', 'cn-north-1', 'aws-cn')
    const event = kinesisEvent(`${arn}/consumer/c1:1700000000`, ['a'])
    assert.equal(readEvent(event).records[0].sourceArn, arn)
  })

  it('reads DynamoDB records with SequenceNumber as checkpoint', () => {
    const arn = dynamodbStreamArn('table1')
    const {records} = readEvent(dynamodbEvent(arn, [{keys: {id: {S: '1'}}}]))
    assert.deepEqual([records[0].kind, records[0].checkpoint, records[0].sourceArn], ['dynamodb', '100000000001', arn])
  })

  it('reads SNS-wrapped records with the topic ARN as source', () => {
    const topic = snsTopicArn('t1')
    const {records} = readEvent(snsEvent(topic, ['hello']))
    assert.deepEqual([records[0].kind, records[0].sourceArn], ['sns', topic])
  })

  it('reports records of unknown shape instead of dropping them silently', () => {
    const {records, unknown} = readEvent({Records: [{eventSource: 'aws:sqs'}, 7, {eventSource: 'aws:kinesis', kinesis: {}}]})
    assert.equal(records.length, 0)
    assert.deepEqual(unknown.map((u) => u.index), [0, 1, 2])
    assert.match(unknown[0].reason, /aws:sqs/)
  })

  it('accepts an event without Records', () => {
    assert.deepEqual(readEvent({}), {records: [], unknown: []})
  })

  it('groups by source in event order', () => {
    const a = kinesisStreamArn('a')
    const b = kinesisStreamArn('b')
    const event = {Records: [...kinesisEvent(a, ['1']).Records, ...kinesisEvent(b, ['2']).Records, ...kinesisEvent(a, ['3']).Records]}
    const groups = groupBySource(readEvent(event).records)
    assert.deepEqual([...groups].map(([arn, list]) => [arn, list.map((r) => r.index)]), [
      [a, [0, 2]],
      [b, [1]],
    ])
  })
})
