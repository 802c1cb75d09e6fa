import assert from 'node:assert/strict'
import {DeliveredMemory, MAX_REMEMBERED_IDS} from '../../../runtime/delivery/delivered-memory.js'

const ids = (shard: string, count: number) => new Set(Array.from({length: count}, (_, n) => `${shard}-${n}/`))
const batch = (shard: string, mappings: number, records: number) =>
  new Map(Array.from({length: mappings}, (_, m) => [`row-${m}`, ids(shard, records)] as [string, Set<string>]))

describe('DeliveredMemory bounds what a warm container remembers', () => {
  it('keeps at most MAX_REMEMBERED_IDS ids: the shards remembered longest ago make room', () => {
    const memory = new DeliveredMemory()
    // Five mappings of a 10,000-record batch per shard: 50,000 ids each.
    for (const shard of ['s1', 's2', 's3']) memory.remember(shard, batch(shard, 5, 10_000))
    assert.ok(memory.size <= MAX_REMEMBERED_IDS, `${memory.size} ids remembered`)
    assert.equal(memory.recall('s1', 'row-0'), undefined, 'the oldest shard was forgotten')
    assert.equal(memory.recall('s3', 'row-4')?.size, 10_000)
    assert.equal(memory.recall('s2', 'row-0')?.size, 10_000)
  })

  it('always keeps the shard just remembered, however large; forgetting and replacing keep the count right', () => {
    const memory = new DeliveredMemory()
    memory.remember('small', batch('small', 1, 10))
    memory.remember('huge', batch('huge', 1, MAX_REMEMBERED_IDS + 1))
    assert.equal(memory.recall('huge', 'row-0')?.size, MAX_REMEMBERED_IDS + 1)
    assert.equal(memory.recall('small', 'row-0'), undefined)
    memory.remember('huge', batch('huge', 2, 5))
    assert.equal(memory.size, 10)
    memory.forget('huge')
    assert.equal(memory.size, 0)
  })
})
