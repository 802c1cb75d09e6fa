import {strict as assert} from 'node:assert'
import {previewBatch} from '../../../src/tail/target-preview.js'
import type {Mapping} from '../../../runtime/mapping/schema.js'
import {aggregateRecords} from '../../../src/demo/kpl-aggregate.js'
import {kinesisRecord} from './fake-shards.js'

const mapping = (over: Partial<Mapping>): Mapping => ({
  active: true,
  appendNewlines: false,
  convertDDB: false,
  deaggregate: false,
  destination: 'https://sqs.us-east-1.amazonaws.com/123456789012/q',
  id: 'm1',
  parallel: true,
  sourceArn: 'arn:aws:kinesis:us-east-1:123456789012:stream/fake',
  type: 'sqs',
  ...over,
})

describe('tail --target preview', () => {
  const batch = ['{"n":1}', '{"n":2}', 'plain text'].map((text, n) => kinesisRecord('shardId-000000000000', n, text))

  it('sqs with collapse JSON: one {"Records":[...]} message, text records as JSON strings', async () => {
    const preview = await previewBatch(mapping({collapse: 'JSON'}), batch)
    assert.equal(preview.messages.length, 1)
    assert.equal(preview.messages[0].payload.toString(), '{"Records":[{"n":1},{"n":2},"plain text"]}')
    assert.equal(preview.messages[0].records.length, 3)
  })

  it('sqs with collapse none: one message per record', async () => {
    const preview = await previewBatch(mapping({collapse: 'none'}), batch)
    assert.deepEqual(preview.messages.map((m) => m.payload.toString()), ['{"n":1}', '{"n":2}', 'plain text'])
  })

  it('kinesis with deaggregate: the user records of a KPL aggregate, each with its own partition key', async () => {
    const [aggregate] = await aggregateRecords([
      {data: Buffer.from('u1'), partitionKey: 'pk-a'},
      {data: Buffer.from('u2'), partitionKey: 'pk-b'},
    ])
    const record = kinesisRecord('shardId-000000000000', 7, '')
    ;(record.event as {kinesis: {data: string}}).kinesis.data = aggregate.data.toString('base64')
    const split = await previewBatch(mapping({deaggregate: true, destination: 'out', type: 'kinesis'}), [record])
    assert.deepEqual(split.messages.map((m) => [m.fields.PartitionKey, m.payload.toString()]), [['pk-a', 'u1'], ['pk-b', 'u2']])
    const whole = await previewBatch(mapping({deaggregate: false, destination: 'out', type: 'kinesis'}), [record])
    assert.equal(whole.messages.length, 1)
    assert.ok(whole.messages[0].payload.equals(aggregate.data))
  })

  it('lambda: the source event records as Lambda delivered them, in one payload', async () => {
    const preview = await previewBatch(mapping({destination: 'consumer', type: 'lambda'}), batch)
    assert.equal(preview.messages.length, 1)
    const payload = JSON.parse(preview.messages[0].payload.toString())
    assert.equal(payload.Records.length, 3)
    assert.equal(payload.Records[0].eventSource, 'aws:kinesis')
  })

  it('firehose with appendNewlines adds a newline after each record', async () => {
    const preview = await previewBatch(mapping({appendNewlines: true, destination: 'hose', type: 'firehose'}), batch.slice(0, 1))
    assert.equal(preview.messages[0].payload.toString(), '{"n":1}\n')
  })
})
