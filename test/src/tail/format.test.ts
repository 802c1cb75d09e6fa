import {strict as assert} from 'node:assert'
import {formatJson, formatPretty, formatRaw, painter, prettyData} from '../../../src/tail/format.js'
import type {DisplayRecord} from '../../../src/tail/display-records.js'

const base: DisplayRecord = {
  approximateArrivalTimestamp: new Date('2026-05-01T12:00:00.123Z'),
  data: Buffer.from('{"a":1}'),
  partitionKey: 'key-1',
  sequenceNumber: '4960',
  shardId: 'shardId-000000000001',
}

describe('tail formats', () => {
  it('json: the documented fields, text data as it is', () => {
    assert.deepEqual(JSON.parse(formatJson(base)), {
      approximateArrivalTimestamp: '2026-05-01T12:00:00.123Z',
      data: '{"a":1}',
      partitionKey: 'key-1',
      sequenceNumber: '4960',
      shardId: 'shardId-000000000001',
    })
  })

  it('json: data that is not UTF-8 as base64 with "encoding": "base64"; KPL user records carry subSequenceNumber', () => {
    const line = JSON.parse(formatJson({...base, data: Buffer.from([0xff, 0x00, 0xfe]), subSequenceNumber: 3}))
    assert.equal(line.data, '/wD+')
    assert.equal(line.encoding, 'base64')
    assert.equal(line.subSequenceNumber, 3)
    assert.equal(Buffer.from(line.data, 'base64').toString('hex'), 'ff00fe')
  })

  it('json: DynamoDB records add eventName, keys and images', () => {
    const line = JSON.parse(formatJson({...base, dynamodb: {eventName: 'MODIFY', keys: {id: 1}, newImage: {id: 1, n: 2}, oldImage: {id: 1, n: 1}}}))
    assert.equal(line.eventName, 'MODIFY')
    assert.deepEqual(line.keys, {id: 1})
    assert.deepEqual(line.oldImage, {id: 1, n: 1})
  })

  it('raw: the data only; pretty: header and indented JSON, colour only when asked', () => {
    assert.equal(formatRaw(base), '{"a":1}')
    const plain = formatPretty(base, painter(false))
    assert.equal(plain, '2026-05-01T12:00:00.123Z shardId-000000000001 key-1 seq 4960\n{\n  "a": 1\n}')
    assert.ok(!plain.includes('\u001B['))
    assert.ok(formatPretty(base, painter(true)).includes('\u001B['))
    assert.equal(prettyData(Buffer.from('not json {'), painter(false)), 'not json {')
  })
})
