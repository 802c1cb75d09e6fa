import {strict as assert} from 'node:assert'
import {DEFAULT_PACING, describePacing, FAST_TAIL_PACING, MIB, ShardBudget, TAIL_PACING} from '../../../src/tail/pacing.js'

describe('tail pacing (polite reader)', () => {
  it('defaults to 1 call/s and 1 MB/s per shard over 2 s with answers of at most 2 MB; --fast 4 calls/s and 2 MB/s', () => {
    assert.equal(TAIL_PACING.minIntervalMs, 1000)
    assert.equal(TAIL_PACING.maxBytesPerSecond, MIB)
    assert.equal(TAIL_PACING.byteWindowMs, 2000)
    assert.equal(TAIL_PACING.maxAnswerBytes, 2 * MIB)
    assert.equal(FAST_TAIL_PACING.minIntervalMs, 250)
    assert.equal(FAST_TAIL_PACING.maxBytesPerSecond, 2 * MIB)
    assert.equal(describePacing(TAIL_PACING), 'at most 1 GetRecords call/s and 1 MB/s per shard')
    assert.equal(describePacing(FAST_TAIL_PACING), 'at most 4 GetRecords calls/s and 2 MB/s per shard')
    assert.equal(DEFAULT_PACING.maxAnswerBytes, undefined)
  })

  it('plans the first Limit from the 1 MiB record maximum, then from the largest record seen', () => {
    const budget = new ShardBudget(TAIL_PACING)
    assert.deepEqual(budget.plan(0, 10_000), {at: 0, limit: 2})
    budget.record(0, 20_000, 100, 200)
    assert.deepEqual(budget.plan(1000, 10_000), {at: 1000, limit: 10_000})
    assert.equal(budget.plan(1000, 500).limit, 500)
  })

  it('keeps the answers of any 2 s window within 2 MB: a smaller Limit, or a wait until the window has room', () => {
    const budget = new ShardBudget(TAIL_PACING)
    budget.record(0, 1.5 * MIB, 3, MIB / 2)
    // 0.5 MiB left in the window: one record of 0.5 MiB.
    assert.deepEqual(budget.plan(1000, 10_000), {at: 1000, limit: 1})
    budget.record(1000, MIB / 2, 1, MIB / 2)
    // The window is full until the first call leaves it (2 s after it, plus a margin).
    const next = budget.plan(2000, 10_000)
    assert.ok(next.at >= 2000 && next.at <= 2100, `at ${next.at}`)
    assert.equal(next.limit, 3)
  })

  it('a record larger than the whole budget is read alone once the window is empty', () => {
    const budget = new ShardBudget(TAIL_PACING)
    budget.record(0, 3 * MIB, 1, 3 * MIB)
    const next = budget.plan(1000, 10_000)
    assert.ok(next.at >= 2000)
    assert.equal(next.limit, 1)
  })
})

describe('tail header while catching up', () => {
  it('says how fast it reads and, per shard behind, the time behind and the records read', async () => {
    const {progressLine} = await import('../../../src/tail/tail-service.js')
    const now = 1_000_000
    const line = progressLine(
      [
        {bytes: 2 * MIB, done: false, limit: 40, millisBehind: 130_000, records: 1200, shardId: 'shardId-000000000000', startedAt: now - 2000},
        {bytes: 0, done: false, limit: 2, millisBehind: 0, records: 0, shardId: 'shardId-000000000001', startedAt: now - 2000},
      ],
      TAIL_PACING,
      now,
    )
    assert.equal(
      line,
      'Catching up, at most 1 GetRecords call/s and 1 MB/s per shard (--fast for 4 calls/s): shardId-000000000000 2m10s behind, 1200 records read (1.00 MB/s)',
    )
    assert.equal(progressLine([{bytes: 0, done: false, limit: 2, millisBehind: 0, records: 0, shardId: 's', startedAt: now}], TAIL_PACING, now), undefined)
  })
})
