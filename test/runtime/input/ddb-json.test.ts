import assert from 'node:assert/strict'
import {attributeToJson, imageToJson, keyString} from '../../../runtime/input/ddb-json.js'

describe('DynamoDB conversion (convertDDB)', () => {
  it('turns every attribute type into plain JSON', () => {
    const image = {
      b: {B: 'AAEC'},
      bool: {BOOL: true},
      bs: {BS: ['AA==', 'AQ==']},
      l: {L: [{S: 'x'}, {N: '1'}, {NULL: true}]},
      m: {M: {inner: {N: '-2.5'}, deep: {M: {s: {SS: ['a', 'b']}}}}},
      n: {N: '42'},
      nil: {NULL: true},
      ns: {NS: ['1', '2.5']},
      s: {S: 'text'},
      ss: {SS: ['a', 'b']},
    }
    assert.deepEqual(imageToJson(image), {
      b: 'AAEC',
      bool: true,
      bs: ['AA==', 'AQ=='],
      l: ['x', 1, null],
      m: {deep: {s: ['a', 'b']}, inner: -2.5},
      n: 42,
      nil: null,
      ns: [1, 2.5],
      s: 'text',
      ss: ['a', 'b'],
    })
  })

  it('encodes binary given as bytes', () => {
    assert.equal(attributeToJson({B: new Uint8Array([0, 1, 2])}), 'AAEC')
  })

  it('refuses an unknown attribute type', () => {
    assert.throws(() => attributeToJson({X: 1}), /unknown attribute type 'X'/)
  })

  it('joins key values with |, binary as base64, in event order', () => {
    assert.equal(keyString({pk: {S: 'user#1'}, sk: {N: '17'}}), 'user#1|17')
    assert.equal(keyString({sk: {N: '17'}, pk: {S: 'a'}}), '17|a')
    assert.equal(keyString({id: {B: 'AAEC'}}), 'AAEC')
    assert.equal(keyString({}), '')
  })

  it('keeps every digit of numeric keys (no rounding through a JS number)', () => {
    // 2^53 + 1 and 2^53 are one double: as numbers they gave one key for two items.
    assert.equal(keyString({id: {N: '9007199254740993'}}), '9007199254740993')
    assert.notEqual(keyString({id: {N: '9007199254740993'}}), keyString({id: {N: '9007199254740992'}}))
    assert.equal(keyString({pk: {S: 'a'}, sk: {N: '12345678901234567890123456789012345678'}}), 'a|12345678901234567890123456789012345678')
    assert.equal(keyString({id: {N: '-0.000001'}}), '-0.000001')
    // Ordinary numbers give the same key as before.
    for (const n of ['0', '17', '-2.5', '1234567890123']) assert.equal(keyString({id: {N: n}}), JSON.stringify(Number(n)))
  })

  it('rounds numbers beyond double precision in converted images (documented)', () => {
    assert.equal(JSON.stringify(imageToJson({n: {N: '12345678901234567891'}})), '{"n":12345678901234567000}')
  })
})
