import assert from 'node:assert/strict'
import {matchDocument} from '../../../runtime/filter/match-document.js'
import {cachedMatchDocument, compileMappingRouting} from '../../../runtime/filter/record-filter.js'
import type {OutRecord} from '../../../runtime/records.js'
import {readEvent} from '../../../runtime/input/event.js'
import {buildOutRecords} from '../../../runtime/input/out-records.js'
import {dynamodbStreamArn, kinesisEvent, kinesisStreamArn} from '../../helpers/events.js'
import {aggregate} from '../../helpers/kpl.js'
import {PATTERN_VECTORS, vectorEventRecord} from './vectors.js'

const STREAM = kinesisStreamArn('orders')
const TABLE = dynamodbStreamArn('orders')

async function build(event: unknown, convertDDB = false): Promise<OutRecord[]> {
  const built = await buildOutRecords(readEvent(event).records, {convertDDB, deaggregate: true})
  assert.deepEqual(built.skipped, [])
  return built.records
}

/** Counts JSON.parse calls made while fn runs. */
function countParses(fn: () => void): number {
  const original = JSON.parse
  let count = 0
  JSON.parse = ((...args: Parameters<typeof JSON.parse>) => {
    count++
    return original(...args)
  }) as typeof JSON.parse
  try {
    fn()
  } finally {
    JSON.parse = original
  }
  return count
}

describe('mapping routing', () => {
  describe('replays every vector from its Lambda event record', () => {
    for (const vector of PATTERN_VECTORS) {
      it(vector.rule, async () => {
        const arn = vector.source === 'kinesis' ? STREAM : TABLE
        const convertDDB = vector.convertDDB ?? false
        const [record] = await build({Records: [vectorEventRecord(vector, arn)]}, convertDDB)
        assert.deepEqual(matchDocument(record, {convertDDB}), vector.document)
        assert.equal(compileMappingRouting({convertDDB, filter: vector.pattern}).accepts(record), vector.matches)
      })
    }
  })

  it('accepts everything and builds no document without a filter or template', async () => {
    const [record] = await build(kinesisEvent(STREAM, ['{"a":1}']))
    const routing = compileMappingRouting({convertDDB: false})
    assert.equal(countParses(() => assert.equal(routing.accepts(record), true)), 0)
    assert.equal(routing.partitionKey, undefined)
    assert.equal(routing.messageGroupId, undefined)
  })

  it('does not parse data for a filter on metadata only', async () => {
    const [record] = await build(kinesisEvent(STREAM, [{data: '{"a":1}', partitionKey: 'p'}]))
    const routing = compileMappingRouting({convertDDB: false, filter: '{"partitionKey":["p"]}'})
    assert.equal(countParses(() => assert.equal(routing.accepts(record), true)), 0)
  })

  it('parses data once for the filter and both templates of several mappings', async () => {
    const [record] = await build(kinesisEvent(STREAM, [{data: '{"kind":"order","customer":"c-1","group":"g"}', partitionKey: 'p'}]))
    const first = compileMappingRouting({convertDDB: false, filter: '{"data":{"kind":["order"]}}', messageGroupId: '${data.group}', partitionKey: '${data.customer}'})
    const second = compileMappingRouting({convertDDB: false, filter: '{"data":{"kind":[{"prefix":"ord"}]}}'})
    const parses = countParses(() => {
      assert.equal(first.accepts(record), true)
      assert.equal(first.partitionKey?.(record), 'c-1')
      assert.equal(first.messageGroupId?.(record), 'g')
      assert.equal(second.accepts(record), true)
    })
    assert.equal(parses, 1)
  })

  it('adds data to a document first built without it', async () => {
    const [record] = await build(kinesisEvent(STREAM, [{data: '{"kind":"order"}', partitionKey: 'p'}]))
    assert.equal(compileMappingRouting({convertDDB: false, filter: '{"partitionKey":["p"]}'}).accepts(record), true)
    assert.equal('data' in cachedMatchDocument(record, false, false), false)
    assert.equal(compileMappingRouting({convertDDB: false, filter: '{"data":{"kind":["order"]}}'}).accepts(record), true)
    assert.deepEqual(cachedMatchDocument(record, false, false).data, {kind: 'order'})
  })

  it('KPL: an aggregate whose user records partly match passes exactly the matching ones', async () => {
    const [agg] = await aggregate([
      {data: '{"kind":"order","n":1}', partitionKey: 'a'},
      {data: '{"kind":"refund","n":2}', partitionKey: 'b'},
      {data: 'not json', partitionKey: 'c'},
      {data: '{"kind":"order","n":4}', partitionKey: 'd'},
    ])
    const users = await build(kinesisEvent(STREAM, [{data: agg.data, partitionKey: agg.partitionKey}]))
    assert.equal(users.length, 4)
    const orders = compileMappingRouting({convertDDB: false, filter: '{"data":{"kind":["order"]}}'})
    assert.deepEqual(users.filter((user) => orders.accepts(user)).map((user) => user.key), ['a', 'd'])
    const byKey = compileMappingRouting({convertDDB: false, filter: '{"partitionKey":["b","c"]}'})
    assert.deepEqual(users.filter((user) => byKey.accepts(user)).map((user) => user.key), ['b', 'c'])
  })

  it('templates fall back (undefined) when the path is missing', async () => {
    const [json, text] = await build(kinesisEvent(STREAM, ['{"customer":{"id":7}}', 'plain']))
    const routing = compileMappingRouting({convertDDB: false, partitionKey: 'cust-${data.customer.id}'})
    assert.equal(routing.partitionKey?.(json), 'cust-7')
    assert.equal(routing.partitionKey?.(text), undefined)
  })

  it('refuses an invalid filter or template when compiling', () => {
    assert.throws(() => compileMappingRouting({convertDDB: false, filter: '{}'}), {name: 'PatternError'})
    assert.throws(() => compileMappingRouting({convertDDB: false, partitionKey: '${'}), {name: 'TemplateError'})
    assert.throws(() => compileMappingRouting({convertDDB: false, messageGroupId: '${}'}), {name: 'TemplateError'})
  })
})
