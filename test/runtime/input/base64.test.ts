import assert from 'node:assert/strict'
import {randomBytes} from 'node:crypto'
import {base64ByteLength, base64Form, decodeBase64Strict} from '../../../runtime/input/base64.js'

const INVALID = ['not base64!!', 'abc', 'ab=c', 'YW Jj', 'YWJj\n', '****', 'YQ==YQ==', '=AAA', 'A===', 'AA=A', 'YWJj ']

describe('decodeBase64Strict', () => {
  it('decodes valid base64 of every padding', () => {
    for (const bytes of [Buffer.alloc(0), Buffer.from('a'), Buffer.from('ab'), Buffer.from('abc'), Buffer.from([0, 255, 128, 7])]) {
      assert.deepEqual(decodeBase64Strict(bytes.toString('base64')), bytes)
    }
  })

  it('refuses text that Buffer.from would silently decode to fewer bytes', () => {
    for (const text of INVALID) {
      assert.equal(decodeBase64Strict(text), undefined, text)
    }
  })
})

describe('base64Form (the check without keeping the bytes)', () => {
  it('canonical: what Buffer#toString writes, of every length mod 3, short and over several scratch steps', () => {
    for (const length of [0, 1, 2, 3, 4, 5, 255, 49_151, 49_152, 49_153, 98_304, 200_001, 1024 * 1024]) {
      const text = randomBytes(length).toString('base64')
      assert.equal(base64Form(text), 'canonical', String(length))
      assert.equal(base64ByteLength(text), length)
    }
  })

  it('invalid exactly where decodeBase64Strict refuses, a bad character or stray padding in any step included', () => {
    const long = randomBytes(150_000).toString('base64')
    const damaged = [
      ...INVALID,
      `${long.slice(0, 70_000)}!${long.slice(70_001)}`,
      `${long.slice(0, 65_534)}==${long.slice(65_536)}`,
      `${long.slice(0, 131_072)} ${long.slice(131_073)}`,
      `${long.slice(0, -1)}\n`,
    ]
    for (const text of damaged) {
      assert.equal(decodeBase64Strict(text), undefined, text.slice(0, 20))
      assert.equal(base64Form(text), 'invalid', text.slice(0, 20))
    }
  })

  it('lenient: decodes strictly but is not the bytes own text (URL-safe alphabet, stray bits before the padding)', () => {
    for (const text of ['-_-_', 'ab-_', 'QR==', 'QUJ=', '__8=']) {
      assert.ok(decodeBase64Strict(text), text)
      assert.equal(base64Form(text), 'lenient', text)
      assert.notEqual(decodeBase64Strict(text)!.toString('base64'), text)
    }
  })
})
