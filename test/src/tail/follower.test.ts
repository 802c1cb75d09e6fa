import {strict as assert} from 'node:assert'
import {followShards} from '../../../src/tail/follower.js'
import type {ShardRecord} from '../../../src/tail/shard-source.js'
import {FakeShards} from './fake-shards.js'

const FAST = {discoveryIntervalMs: 50, idleIntervalMs: 20, minIntervalMs: 5, throttleBaseMs: 10, throttleMaxMs: 40}
const texts = (batch: ShardRecord[]) => batch.map((r) => Buffer.from((r.event as {kinesis: {data: string}}).kinesis.data, 'base64').toString())

describe('ShardFollower', () => {
  it('reads every shard to its tip with --no-follow, children only after their parents', async () => {
    const source = new FakeShards([
      {closed: true, parentShardIds: [], shardId: 'shardId-000000000000'},
      {closed: false, parentShardIds: ['shardId-000000000000'], shardId: 'shardId-000000000001'},
      {closed: false, parentShardIds: ['shardId-000000000000'], shardId: 'shardId-000000000002'},
    ])
    source.add('shardId-000000000000', 'p1', 'p2', 'p3')
    source.add('shardId-000000000001', 'c1')
    source.add('shardId-000000000002', 'd1', 'd2')
    const seen: string[] = []
    const summary = await followShards(source, {
      follow: false,
      limit: 2,
      onBatch: (_shard, batch) => void seen.push(...texts(batch)),
      pacing: FAST,
      start: {kind: 'trim-horizon'},
    })
    assert.equal(summary.records, 6)
    assert.equal(summary.shardsRead, 3)
    // The parent's records all come before any child's.
    assert.deepEqual(seen.slice(0, 3), ['p1', 'p2', 'p3'])
    assert.deepEqual([...seen.slice(3)].sort(), ['c1', 'd1', 'd2'])
  })

  it('--from latest skips closed shards and what was there before', async () => {
    const source = new FakeShards([
      {closed: true, parentShardIds: [], shardId: 'shardId-000000000000'},
      {closed: false, parentShardIds: ['shardId-000000000000'], shardId: 'shardId-000000000001'},
    ])
    source.add('shardId-000000000000', 'old-parent')
    source.add('shardId-000000000001', 'old-child')
    const stop = new AbortController()
    const seen: string[] = []
    const running = followShards(source, {
      follow: true,
      limit: 10,
      onBatch: (_shard, batch) => {
        seen.push(...texts(batch))
        stop.abort()
      },
      pacing: FAST,
      signal: stop.signal,
      start: {kind: 'latest'},
    })
    await new Promise((resolve) => setTimeout(resolve, 60))
    source.add('shardId-000000000001', 'new')
    await running
    assert.deepEqual(seen, ['new'])
    assert.ok(!source.calls.some((call) => call.shardId === 'shardId-000000000000'), 'the closed shard is never read')
  })

  it('finds the children of a shard that closes while following (reshard) and reads them from their start', async () => {
    const source = new FakeShards([{closed: false, parentShardIds: [], shardId: 'shardId-000000000000'}])
    source.add('shardId-000000000000', 'before')
    const stop = new AbortController()
    const seen: string[] = []
    const notes: string[] = []
    const running = followShards(source, {
      follow: true,
      limit: 10,
      onBatch: (_shard, batch) => {
        seen.push(...texts(batch))
        if (seen.length === 3) stop.abort()
      },
      onNote: (message) => notes.push(message),
      pacing: {...FAST, discoveryIntervalMs: 60_000},
      signal: stop.signal,
      start: {kind: 'trim-horizon'},
    })
    await new Promise((resolve) => setTimeout(resolve, 40))
    // A split: the parent closes, two children appear (with records already in them).
    source.shards[0].closed = true
    source.shards.push(
      {closed: false, parentShardIds: ['shardId-000000000000'], shardId: 'shardId-000000000001'},
      {closed: false, parentShardIds: ['shardId-000000000000'], shardId: 'shardId-000000000002'},
    )
    source.records.set('shardId-000000000001', [])
    source.records.set('shardId-000000000002', [])
    source.add('shardId-000000000001', 'left')
    source.add('shardId-000000000002', 'right')
    await running
    assert.equal(seen[0], 'before')
    assert.deepEqual(seen.slice(1).sort(), ['left', 'right'])
    assert.ok(notes.some((note) => /closed by a reshard/.test(note)), notes.join('\n'))
  })

  it('backs off on ProvisionedThroughputExceeded and still delivers every record', async () => {
    const source = new FakeShards([{closed: true, parentShardIds: [], shardId: 'shardId-000000000000'}])
    source.add('shardId-000000000000', 'a', 'b')
    source.throttleNext = 3
    const seen: string[] = []
    const summary = await followShards(source, {
      follow: false,
      limit: 10,
      onBatch: (_shard, batch) => void seen.push(...texts(batch)),
      pacing: FAST,
      start: {kind: 'trim-horizon'},
    })
    assert.deepEqual(seen, ['a', 'b'])
    assert.equal(summary.throttled, 3)
    const gaps = source.calls.slice(1).map((call, n) => call.at - source.calls[n].at)
    // Back-off grows: each wait after a throttle is at least half of base * 2^attempt (5, 10, 20 ms).
    assert.ok(gaps[0] + gaps[1] + gaps[2] >= 32 && gaps[2] >= 18, `gaps ${gaps.join(', ')}`)
  })

  it('never calls GetRecords on a shard more than once a second with the default (polite) pacing', async () => {
    const source = new FakeShards([{closed: true, parentShardIds: [], shardId: 'shardId-000000000000'}])
    source.add('shardId-000000000000', 'a', 'b', 'c')
    await followShards(source, {follow: false, limit: 1, onBatch: () => {}, start: {kind: 'trim-horizon'}})
    assert.equal(source.calls.length, 3)
    for (let n = 1; n < source.calls.length; n++) {
      assert.ok(source.calls[n].at - source.calls[n - 1].at >= 1000, `calls ${n - 1} and ${n} only ${source.calls[n].at - source.calls[n - 1].at} ms apart`)
    }
  })

  it('sets each Limit from the record sizes seen, within the answer cap and the byte window', async () => {
    const source = new FakeShards([{closed: true, parentShardIds: [], shardId: 'shardId-000000000000'}])
    source.add('shardId-000000000000', ...Array.from({length: 40}, (_, n) => String(n % 10).repeat(100)))
    const limits: number[] = []
    const original = source.read.bind(source)
    source.read = (shardId, iterator, limit) => {
      limits.push(limit)
      return original(shardId, iterator, limit)
    }
    // 1,000 bytes/s over 2 s = 2,000 bytes a window; answers of at most 1,000 bytes; 100-byte records.
    await followShards(source, {
      follow: false,
      limit: 50,
      onBatch: () => {},
      pacing: {...FAST, assumedRecordBytes: 400, byteWindowMs: 200, maxAnswerBytes: 1000, maxBytesPerSecond: 10_000},
      start: {kind: 'trim-horizon'},
    })
    // First call: nothing seen, 1,000 / 400 assumed = 2 records; then 1,000 / 100 = 10, fewer when the window is short of room.
    assert.deepEqual(limits.slice(0, 2), [2, 10])
    assert.ok(limits.every((limit) => limit <= 10))
  })

  it('never reads a shard faster than its byte rate limit (Kinesis: 2 MB/s)', async () => {
    const source = new FakeShards([{closed: true, parentShardIds: [], shardId: 'shardId-000000000000'}])
    source.add('shardId-000000000000', 'x'.repeat(100), 'y'.repeat(100), 'z'.repeat(100))
    // 100 bytes at 1,000 bytes/s: 100 ms before the next call, well above the 5 ms call interval.
    await followShards(source, {
      follow: false,
      limit: 1,
      onBatch: () => {},
      pacing: {...FAST, maxBytesPerSecond: 1000},
      start: {kind: 'trim-horizon'},
    })
    const gaps = source.calls.slice(1).map((call, n) => call.at - source.calls[n].at)
    assert.equal(source.calls.length, 3)
    assert.ok(gaps.every((gap) => gap >= 95), `gaps ${gaps.join(', ')}`)
  })

  it('reads again from the sequence number a batch asks for', async () => {
    const source = new FakeShards([{closed: true, parentShardIds: [], shardId: 'shardId-000000000000'}])
    source.add('shardId-000000000000', 'a', 'b', 'c')
    const batches: string[][] = []
    await followShards(source, {
      follow: false,
      limit: 10,
      onBatch: (_shard, batch) => {
        batches.push(texts(batch))
        return batches.length === 1 ? {retryFrom: batch[1].sequenceNumber} : undefined
      },
      pacing: FAST,
      start: {kind: 'trim-horizon'},
    })
    assert.deepEqual(batches, [['a', 'b', 'c'], ['b', 'c']])
  })

  it('drops records older than a time start', async () => {
    const source = new FakeShards([{closed: true, parentShardIds: [], shardId: 'shardId-000000000000'}])
    source.add('shardId-000000000000', 'a', 'b', 'c')
    const at = source.records.get('shardId-000000000000')![1].arrival
    const seen: string[] = []
    await followShards(source, {follow: false, limit: 10, onBatch: (_s, batch) => void seen.push(...texts(batch)), pacing: FAST, start: {at, kind: 'time'}})
    assert.deepEqual(seen, ['b', 'c'])
  })
})
