import {strict as assert} from 'node:assert'
import {toDisplayRecords} from '../../../src/tail/display-records.js'
import {toEventAttributes} from '../../../src/tail/dynamodb-shards.js'
import type {ShardRecord} from '../../../src/tail/shard-source.js'
import {kinesisRecord} from './fake-shards.js'

describe('tail record decoding', () => {
  it('shows a damaged KPL aggregate as stored, with a warning, instead of dropping it', async () => {
    const damaged = Buffer.concat([Buffer.from([0xf3, 0x89, 0x9a, 0xc2]), Buffer.alloc(40, 7)])
    const record = kinesisRecord('shardId-000000000000', 1, '')
    ;(record.event as {kinesis: {data: string}}).kinesis.data = damaged.toString('base64')
    const shown = await toDisplayRecords([record, kinesisRecord('shardId-000000000000', 2, 'fine')], {convertDDB: false, deaggregate: true})
    assert.equal(shown.records.length, 2)
    assert.ok(shown.records[0].data.equals(damaged))
    assert.equal(shown.records[1].data.toString(), 'fine')
    assert.equal(shown.problems.length, 1)
    assert.match(shown.problems[0], /damaged KPL aggregate/)
  })

  it('DynamoDB records: SDK bytes become the base64 text Lambda events carry; keys joined by |', async () => {
    const event = {
      awsRegion: 'us-east-1',
      dynamodb: {
        ApproximateCreationDateTime: 1_700_000_000,
        ...(toEventAttributes({
          Keys: {id: {B: new Uint8Array([1, 2, 255])}, n: {N: '5'}},
          NewImage: {id: {B: new Uint8Array([1, 2, 255])}, n: {N: '5'}, tags: {BS: [new Uint8Array([0])]}},
        }) as Record<string, Record<string, unknown>>),
        SequenceNumber: '100',
      },
      eventID: 'e1',
      eventName: 'INSERT',
      eventSource: 'aws:dynamodb' as const,
      eventSourceARN: 'arn:aws:dynamodb:us-east-1:123456789012:table/t/stream/2024-01-01T00:00:00.000',
      eventVersion: '1.1',
    }
    const record: ShardRecord = {arrival: new Date(1_700_000_000_000), event, sequenceNumber: '100', shardId: 'shardId-1'}
    const [raw] = (await toDisplayRecords([record], {convertDDB: false, deaggregate: false})).records
    assert.deepEqual(raw.dynamodb?.keys, {id: {B: 'AQL/'}, n: {N: '5'}})
    assert.equal(raw.partitionKey, 'AQL/|5')
    const [plain] = (await toDisplayRecords([record], {convertDDB: true, deaggregate: false})).records
    assert.deepEqual(JSON.parse(plain.data.toString()), {id: 'AQL/', n: 5, tags: ['AA==']})
  })
})
