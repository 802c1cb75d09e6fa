import assert from 'node:assert/strict'
import {packBatches} from '../../../runtime/batching/pack.js'

describe('packBatches', () => {
  it('keeps order and cuts at the entry count', () => {
    const items = Array.from({length: 23}, (_, n) => n)
    const batches = packBatches(items, () => 1, {maxBytes: 1000, maxEntries: 10})
    assert.deepEqual(batches.map((b) => b.length), [10, 10, 3])
    assert.deepEqual(batches.flat(), items)
  })

  it('cuts at the byte limit and never exceeds it', () => {
    const sizes = [400, 400, 300, 1000, 1, 999, 500, 500, 1]
    const batches = packBatches(sizes, (s) => s, {maxBytes: 1000, maxEntries: 500})
    for (const batch of batches) assert.ok(batch.reduce((a, b) => a + b, 0) <= 1000)
    assert.deepEqual(batches, [[400, 400], [300], [1000], [1, 999], [500, 500], [1]])
  })

  it('fills a batch exactly to the limit', () => {
    assert.deepEqual(packBatches([5, 5, 5], (s) => s, {maxBytes: 10, maxEntries: 10}), [[5, 5], [5]])
  })

  it('gives no batch for no items', () => {
    assert.deepEqual(packBatches([], () => 1, {maxBytes: 10, maxEntries: 10}), [])
  })
})
