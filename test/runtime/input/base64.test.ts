import assert from 'node:assert/strict'
import {decodeBase64Strict} from '../../../runtime/input/base64.js'

describe('decodeBase64Strict', () => {
  it('decodes valid base64 of every padding', () => {
    for (const bytes of [Buffer.alloc(0), Buffer.from('a'), Buffer.from('ab'), Buffer.from('abc'), Buffer.from([0, 255, 128, 7])]) {
      assert.deepEqual(decodeBase64Strict(bytes.toString('base64')), bytes)
    }
  })

  it('refuses text that Buffer.from would silently decode to fewer bytes', () => {
    for (const text of ['not base64!!', 'abc', 'ab=c', 'YW Jj', 'YWJj\n', '****', 'YQ==YQ==', '=AAA']) {
      assert.equal(decodeBase64Strict(text), undefined, text)
    }
  })
})
