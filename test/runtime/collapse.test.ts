import assert from 'node:assert/strict'
import {base64Capacity, buildMessages, recordJson, recordText} from '../../runtime/collapse.js'
import {outRecords} from './records.js'

const bodies = (result: ReturnType<typeof buildMessages>) => result.messages.map((m) => m.body.toString('utf8'))
const NOT_UTF8 = Buffer.from([0xff, 0xfe, 0x00, 0x41])

describe('collapse', () => {
  describe('none', () => {
    it('sends one message per record, the record as UTF-8 text', () => {
      const result = buildMessages(outRecords(['{"a":1}', 'plain text', 'é ✓ 🚀']), 'none', 1000)
      assert.deepEqual(bodies(result), ['{"a":1}', 'plain text', 'é ✓ 🚀'])
      assert.deepEqual(result.messages.map((m) => m.records.length), [1, 1, 1])
    })

    it('sends bytes that are not valid UTF-8 as base64', () => {
      const result = buildMessages(outRecords([NOT_UTF8]), 'none', 1000)
      assert.deepEqual(bodies(result), [NOT_UTF8.toString('base64')])
      assert.deepEqual(recordText(NOT_UTF8), Buffer.from('//4AQQ=='))
    })

    it('returns records larger than a message as oversized', () => {
      const records = outRecords(['x'.repeat(11), 'y'.repeat(10)])
      const result = buildMessages(records, 'none', 10)
      assert.deepEqual(bodies(result), ['y'.repeat(10)])
      assert.deepEqual(result.oversized, [records[0]])
    })
  })

  describe('JSON', () => {
    it('wraps each record JSON value in {"Records":[...]}, byte for byte', () => {
      const result = buildMessages(outRecords(['{"a":1}', ' [1, 2]\n', '12345678901234567890', 'not json', '"s"']), 'JSON', 1000)
      assert.deepEqual(bodies(result), ['{"Records":[{"a":1},[1, 2],12345678901234567890,"not json","s"]}'])
      assert.deepEqual(JSON.parse(bodies(result)[0]).Records[3], 'not json')
    })

    it('puts a record that is not JSON in as a JSON string, never dropping it', () => {
      assert.equal(recordJson(Buffer.from('a "quoted"\nline')).toString(), '"a \\"quoted\\"\\nline"')
      assert.equal(recordJson(Buffer.from('{"open":')).toString(), '"{\\"open\\":"')
      assert.equal(recordJson(NOT_UTF8).toString(), '"//4AQQ=="')
      assert.equal(recordJson(Buffer.from('')).toString(), '""')
    })

    it('packs messages as full as the size limit allows', () => {
      // Each record "12345" (5 bytes); frame 14 bytes; n records = 14 + 5n + (n - 1).
      const records = outRecords(Array.from({length: 10}, () => '12345'))
      const result = buildMessages(records, 'JSON', 14 + 5 * 4 + 3)
      assert.deepEqual(result.messages.map((m) => m.records.length), [4, 4, 2])
      for (const message of result.messages) assert.ok(message.body.length <= 37)
      assert.equal(result.messages[0].body.length, 37)
      assert.deepEqual(result.messages.flatMap((m) => m.records), records)
    })

    it('returns a record whose JSON alone cannot fit as oversized and keeps the rest', () => {
      const records = outRecords(['1', '"' + 'x'.repeat(30) + '"', '2'])
      const result = buildMessages(records, 'JSON', 30)
      assert.deepEqual(bodies(result), ['{"Records":[1,2]}'])
      assert.deepEqual(result.oversized, [records[1]])
    })
  })

  describe('concat', () => {
    it('puts the bytes one after the other', () => {
      const result = buildMessages(outRecords(['ab', 'cd', 'ef']), 'concat', 100)
      assert.deepEqual(bodies(result), ['abcdef'])
    })

    it('adds a newline after each record with appendNewlines', () => {
      const result = buildMessages(outRecords(['ab', 'cd']), 'concat', 100, {appendNewlines: true})
      assert.deepEqual(bodies(result), ['ab\ncd\n'])
    })

    it('packs to the limit, newline included', () => {
      const result = buildMessages(outRecords(['abc', 'def', 'ghi']), 'concat', 8, {appendNewlines: true})
      assert.deepEqual(bodies(result), ['abc\ndef\n', 'ghi\n'])
      const over = buildMessages(outRecords(['abcdefgh']), 'concat', 8, {appendNewlines: true})
      assert.equal(over.oversized.length, 1)
    })
  })

  describe('concat-b64', () => {
    it('sends the base64 of the concatenation', () => {
      const result = buildMessages(outRecords(['ab', Buffer.from([0xff, 0x00])]), 'concat-b64', 100, {appendNewlines: true})
      assert.deepEqual(bodies(result), [Buffer.from([0x61, 0x62, 0x0a, 0xff, 0x00, 0x0a]).toString('base64')])
    })

    it('packs so that the base64 fits', () => {
      assert.equal(base64Capacity(16), 12)
      const result = buildMessages(outRecords(['aaaaaa', 'bbbbbb', 'cccccc']), 'concat-b64', 16)
      assert.deepEqual(bodies(result), [Buffer.from('aaaaaabbbbbb').toString('base64'), Buffer.from('cccccc').toString('base64')])
      for (const message of result.messages) assert.ok(message.body.length <= 16)
      assert.equal(buildMessages(outRecords(['x'.repeat(13)]), 'concat-b64', 16).oversized.length, 1)
    })
  })
})
