// Each target's pure shape step (records -> entries + refused), and shapePreview, which `tail
// --target` uses, agreeing with it by construction.
import assert from 'node:assert/strict'
import {shapePreview} from '../../../runtime/delivery/deliver-mapping.js'
import {SERVICE_LIMITS} from '../../../runtime/limits.js'
import {shapeEs} from '../../../runtime/targets/es.js'
import {shapeFirehose} from '../../../runtime/targets/firehose.js'
import {shapeIot} from '../../../runtime/targets/iot.js'
import {kinesisOutcomes, shapeKinesis} from '../../../runtime/targets/kinesis.js'
import {LAMBDA_FRAME_BYTES, shapeLambda} from '../../../runtime/targets/lambda.js'
import {shapeMemcached} from '../../../runtime/targets/memcached.js'
import {batchOutcomes, messageEntries} from '../../../runtime/targets/message-entries.js'
import {redisOutcomes, shapeRedis} from '../../../runtime/targets/redis.js'
import {bulkOutcomes} from '../../../runtime/targets/es.js'
import {firehoseOutcomes} from '../../../runtime/targets/firehose.js'
import {memcachedOutcomes} from '../../../runtime/targets/memcached.js'
import type {OutRecord} from '../../../runtime/records.js'
import {testMapping} from '../context.js'
import {outRecords, sourceRecord} from '../records.js'

const texts = (records: OutRecord[]) => records.map((r) => r.data.toString())

describe('target shape steps (pure)', () => {
  it('kinesis: the partition key counts against the 1 MiB; a key that is not a string is refused', () => {
    const limit = SERVICE_LIMITS.kinesis.maxEntryBytes
    const justUnder = outRecords([Buffer.alloc(limit - 1)], ['k'])
    assert.equal(shapeKinesis(justUnder).entries.length, 1)
    const over = outRecords([Buffer.alloc(limit - 1)], ['kk'])
    assert.match(shapeKinesis(over).refused[0].reason, /exceeds the Kinesis limit/)
    const keyless = [{...outRecords(['x'])[0], key: undefined as unknown as string}]
    assert.match(shapeKinesis(keyless).refused[0].reason, /no readable partition key/)
  })

  it('firehose: appendNewlines adds a byte that counts against the limit', () => {
    const limit = SERVICE_LIMITS.firehose.maxEntryBytes
    const records = outRecords([Buffer.alloc(limit)])
    assert.equal(shapeFirehose(records, {appendNewlines: false}).entries.length, 1)
    assert.equal(shapeFirehose(records, {appendNewlines: true}).refused.length, 1)
  })

  it('lambda: an event record whose payload is exactly at the limit is sent; one byte more is refused', () => {
    const limit = SERVICE_LIMITS.lambda.maxBytesPerCall
    const rawOfSize = (bytes: number) => ({pad: 'x'.repeat(bytes - '{"pad":""}'.length)})
    // Payload = {"Records":[<json>]} = json + 14 bytes.
    const at = [{data: Buffer.from('a'), key: 'k', source: sourceRecord(0, rawOfSize(limit - 14))}]
    const shaped = shapeLambda(at)
    assert.equal(shaped.entries.length, 1)
    assert.equal(shaped.entries[0].size + LAMBDA_FRAME_BYTES, limit)
    const over = [{data: Buffer.from('a'), key: 'k', source: sourceRecord(0, rawOfSize(limit - 13))}]
    assert.equal(shapeLambda(over).refused.length, 1)
  })

  it('redis and memcached: only the last write of a key, carrying the earlier records', () => {
    const records = outRecords(['1', '2', '3'], ['a', 'b', 'a'])
    for (const shaped of [shapeRedis(records), shapeMemcached(records)]) {
      assert.deepEqual(shaped.entries.map((e) => e.latest.data.toString()), ['2', '3'])
      assert.deepEqual(shaped.entries.map((e) => texts(e.records)), [['2'], ['1', '3']])
    }
  })

  it('es: one document per _id, the last wins; records without a key are all sent', () => {
    const shaped = shapeEs(outRecords(['{"v":1}', '{"v":2}', '{"v":3}', '{"v":4}'], ['a', 'a', '', '']))
    assert.deepEqual(shaped.entries.map((e) => e.bulk.record.data.toString()), ['{"v":2}', '{"v":3}', '{"v":4}'])
  })

  it('iot and sqs/sns: collapse into messages; a record too large alone is refused', () => {
    const mapping = testMapping('iot', 'host#topic', {collapse: 'JSON'})
    const shaped = shapeIot(outRecords(['{"a":1}', '"x"', `"${'y'.repeat(SERVICE_LIMITS.iot.maxEntryBytes)}"`]), mapping)
    assert.deepEqual(shaped.entries.map((e) => e.body.toString()), ['{"Records":[{"a":1},"x"]}'])
    assert.equal(shaped.refused.length, 1)
    const sqs = testMapping('sqs', 'https://sqs.us-east-1.amazonaws.com/123456789012/q', {collapse: 'none'})
    const messages = messageEntries(outRecords(['a', '']), sqs, {fifo: false, limits: SERVICE_LIMITS.sqs, service: 'SQS'})
    assert.deepEqual(messages.entries.map((e) => e.body), ['a'])
    assert.match(messages.refused[0].reason, /empty/)
  })
})

describe('acknowledged only (answers read entry by entry)', () => {
  const batch = [1, 2, 3]
  it('kinesis: an entry needs a SequenceNumber; {} and a shorter list leave the rest to retry', () => {
    assert.deepEqual(kinesisOutcomes(batch, {}).map((o) => o.kind), ['retry', 'retry', 'retry'])
    assert.deepEqual(kinesisOutcomes(batch, {Records: [{SequenceNumber: '1'}]}).map((o) => o.kind), ['acknowledged', 'retry', 'retry'])
    assert.deepEqual(kinesisOutcomes(batch, {Records: [{SequenceNumber: '1'}, {ErrorCode: 'KMSAccessDeniedException'}, {ErrorCode: 'InternalFailure'}]}).map((o) => o.kind), [
      'acknowledged',
      'refused',
      'retry',
    ])
  })
  it('firehose: an entry needs a RecordId', () => {
    assert.deepEqual(firehoseOutcomes(batch, {RequestResponses: [{RecordId: 'a'}, {}]}).map((o) => o.kind), ['acknowledged', 'retry', 'retry'])
  })
  it('sqs/sns: an Id in Successful; a sender fault is rejected; an HTML or empty body acknowledges nothing', () => {
    const entries = messageEntries(outRecords(['a', 'b', 'c']), testMapping('sqs', 'https://sqs.us-east-1.amazonaws.com/123456789012/q', {collapse: 'none'}), {
      fifo: false,
      limits: SERVICE_LIMITS.sqs,
      service: 'SQS',
    }).entries
    assert.deepEqual(batchOutcomes(entries, {}, 'SQS').map((o) => o.kind), ['retry', 'retry', 'retry'])
    assert.deepEqual(batchOutcomes(entries, undefined, 'SQS').map((o) => o.kind), ['retry', 'retry', 'retry'])
    const answer = {Failed: [{Code: 'InvalidMessageContents', Id: '1', SenderFault: true}], Successful: [{Id: '0'}, {Id: '7'}]}
    assert.deepEqual(batchOutcomes(entries, answer, 'SQS').map((o) => o.kind), ['acknowledged', 'rejected', 'retry'])
  })
  it('es: a 2xx item; a missing item, 429 and 5xx are retried; 400 is rejected', () => {
    const body = {items: [{index: {status: 201}}, {index: {status: 429}}, {index: {error: {type: 'mapper_parsing_exception'}, status: 400}}]}
    assert.deepEqual(bulkOutcomes(4, body).map((o) => o.kind), ['acknowledged', 'retry', 'rejected', 'retry'])
    assert.deepEqual(bulkOutcomes(2, '<html>ok</html>').map((o) => o.kind), ['retry', 'retry'])
  })
  it('redis: only OK; memcached: only STORED (true)', () => {
    assert.deepEqual(redisOutcomes([[null, 'OK'], [null, null]], 3).map((o) => o.kind), ['acknowledged', 'retry', 'retry'])
    assert.throws(() => redisOutcomes(null, 1), /pipeline aborted/)
    assert.deepEqual(memcachedOutcomes([{status: 'fulfilled', value: true}, {status: 'fulfilled', value: false}]).map((o) => o.kind), ['acknowledged', 'retry'])
  })
})

describe('shapePreview (tail --target)', () => {
  it('kinesis: a record just under 1 MiB whose key tips it over is shown refused, as the function refuses it', async () => {
    const m = testMapping('kinesis', 'out')
    const preview = await shapePreview(m, outRecords([Buffer.alloc(SERVICE_LIMITS.kinesis.maxEntryBytes - 2), 'ok'], ['abc', 'k']))
    assert.equal(preview.messages.length, 1)
    assert.match(preview.skipped[0].reason, /exceeds the Kinesis limit/)
  })

  it('redis: only the last write per key', async () => {
    const preview = await shapePreview(testMapping('redis', '127.0.0.1:6379'), outRecords(['1', '2', '3'], ['a', 'b', 'a']))
    assert.deepEqual(preview.messages.map((m) => [m.fields.key, m.payload.toString()]), [['b', '2'], ['a', '3']])
  })

  it('lambda: one payload per Invoke call, packed as the function packs them', async () => {
    const preview = await shapePreview(testMapping('lambda', 'consumer'), outRecords(['a', 'b']))
    assert.equal(preview.messages.length, 1)
    assert.equal(JSON.parse(preview.messages[0].payload.toString()).Records.length, 2)
  })

  it('applies the mapping\'s filter as the function does', async () => {
    const m = testMapping('sqs', 'https://sqs.us-east-1.amazonaws.com/123456789012/q', {collapse: 'none', filter: '{"data":{"t":["a"]}}'})
    const records = outRecords(['{"t":"a"}', '{"t":"b"}', 'text']).map((r) => ({...r, source: {...r.source, raw: {kinesis: {sequenceNumber: r.source.checkpoint}}}}))
    const preview = await shapePreview(m, records)
    assert.deepEqual(preview.messages.map((msg) => msg.payload.toString()), ['{"t":"a"}'])
    assert.equal(preview.filtered.length, 2)
  })
})
