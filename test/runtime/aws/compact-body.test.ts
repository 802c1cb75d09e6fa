import assert from 'node:assert/strict'
import {SQSClient} from '@aws-sdk/client-sqs'
import {createClient} from '../../../runtime/aws/client-factory.js'
import {COMPACT_MIN_WASTE_BYTES, compactBody} from '../../../runtime/aws/compact-body.js'

/** Like the SDK's JsonBytesStringAdapter: a view whose valueOf() is its text. */
class TextView extends Uint8Array {
  override valueOf(): never {
    return 'not the bytes' as never
  }
}

describe('compactBody (request bodies in a buffer of their own size)', () => {
  it('copies a body that fills less than half of a large buffer, byte for byte', () => {
    const big = new ArrayBuffer(4 * 1024 * 1024)
    const view = new TextView(big, 0, 1_300_000)
    view.fill(0x41)
    view[view.length - 1] = 0x42
    const out = compactBody(view)
    assert.notEqual(out, view)
    assert.equal(out.byteLength, 1_300_000)
    assert.equal(out.buffer.byteLength, 1_300_000, 'the copy has a buffer of its own size')
    assert.ok(Buffer.from(out.buffer, out.byteOffset, out.byteLength).equals(Buffer.from(big, 0, 1_300_000)), 'the bytes, not the valueOf() text')
  })

  it('leaves bodies alone when the copy would free little: full buffers, small waste, strings', () => {
    const full = new Uint8Array(1_000_000)
    assert.equal(compactBody(full), full)
    const smallWaste = new Uint8Array(new ArrayBuffer(COMPACT_MIN_WASTE_BYTES), 0, 100)
    assert.equal(compactBody(smallWaste), smallWaste)
    const halfFull = new Uint8Array(new ArrayBuffer(1_000_000), 0, 600_000)
    assert.equal(compactBody(halfFull), halfFull)
    assert.equal(compactBody('text'), 'text')
    assert.equal(compactBody(undefined), undefined)
  })

  it('is a build step of every client the factory makes', () => {
    const client = createClient(SQSClient, {region: 'us-east-1'})
    assert.ok(client.middlewareStack.identify().some((entry) => entry.startsWith('fanoutCompactBody')), client.middlewareStack.identify().join(', '))
    client.destroy()
  })
})
