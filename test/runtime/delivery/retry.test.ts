import assert from 'node:assert/strict'
import {backoffDelay, deliverWithRetry, isRetryableError, type AttemptOutcome} from '../../../runtime/delivery/retry.js'
import {RETRY_POLICY} from '../../../runtime/limits.js'

/** A fake clock: sleeping advances it, nothing waits. */
function fakeClock(start = 1_000_000) {
  let now = start
  const sleeps: number[] = []
  return {
    now: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms)
      now += ms
    },
    sleeps,
  }
}

const named = (name: string, extra: Record<string, unknown> = {}) => Object.assign(new Error(name), {name, ...extra})

describe('deliverWithRetry', () => {
  it('retries only the entries a call did not take, until all are in', async () => {
    const clock = fakeClock()
    const seen: number[][] = []
    const result = await deliverWithRetry(
      [1, 2, 3, 4],
      async (batch): Promise<AttemptOutcome<number>> => {
        seen.push(batch)
        return {reject: [], retry: seen.length === 1 ? [2, 4] : seen.length === 2 ? [4] : []}
      },
      {deadline: clock.now() + 60_000, now: clock.now, random: () => 0.5, sleep: clock.sleep},
    )
    assert.deepEqual(seen, [[1, 2, 3, 4], [2, 4], [4]])
    assert.deepEqual(result, {calls: 3, failed: [], refused: [], rejected: [], retried: 3})
  })

  it('ordered: after a partial failure sends everything from the first entry not taken, in order', async () => {
    const clock = fakeClock()
    const seen: number[][] = []
    const result = await deliverWithRetry(
      [1, 2, 3, 4, 5, 6],
      async (batch): Promise<AttemptOutcome<number>> => {
        seen.push(batch)
        // 1st call: 3 and 5 not taken, 6 refused for good; 2nd: 4 not taken; then all in.
        if (seen.length === 1) return {reject: [{entry: 6, reason: 'bad'}], retry: [3, 5]}
        return {reject: [], retry: seen.length === 2 ? [4] : []}
      },
      {deadline: clock.now() + 60_000, now: clock.now, ordered: true, random: () => 0.5, sleep: clock.sleep},
    )
    // 4 was taken by the first call but is sent again after 3, so its last copy follows 3's.
    assert.deepEqual(seen, [[1, 2, 3, 4, 5, 6], [3, 4, 5], [4, 5]])
    assert.deepEqual(result.failed, [])
    assert.deepEqual(result.rejected, [{entry: 6, reason: 'bad'}])
    assert.equal(result.retried, 5)
    // The last copies of the entries taken, in send order, are the entries' order.
    const last = new Map<number, number>()
    seen.flat().forEach((entry, position) => entry !== 6 && last.set(entry, position))
    assert.deepEqual([...last.entries()].sort((a, b) => a[1] - b[1]).map(([entry]) => entry), [1, 2, 3, 4, 5])
  })

  it('ordered: what is still pending at the deadline is a tail of the batch', async () => {
    const clock = fakeClock()
    const result = await deliverWithRetry([1, 2, 3, 4], async () => ({reject: [], retry: [2]}), {
      deadline: clock.now() + 1,
      now: clock.now,
      ordered: true,
      random: () => 0.99,
      sleep: clock.sleep,
    })
    assert.deepEqual(result.failed, [2, 3, 4])
  })

  it('waits with capped exponential backoff and full jitter', async () => {
    const clock = fakeClock()
    await deliverWithRetry([1], async () => ({reject: [], retry: [1]}), {
      deadline: clock.now() + 40_000,
      now: clock.now,
      random: () => 0.999999,
      sleep: clock.sleep,
    })
    // base 50 ms doubling up to the 5 s cap (random just under 1 gives the ceiling).
    assert.deepEqual(clock.sleeps.slice(0, 9), [49, 99, 199, 399, 799, 1599, 3199, 4999, 4999])
    for (let attempt = 0; attempt < 20; attempt++) {
      assert.ok(backoffDelay(attempt, () => 0.5) <= RETRY_POLICY.maxDelayMs / 2)
      assert.equal(backoffDelay(attempt, () => 0), 0)
    }
  })

  it('reports what is still pending at the deadline as failed', async () => {
    const clock = fakeClock()
    const result = await deliverWithRetry(['a', 'b'], async () => ({reject: [], retry: ['b']}), {
      deadline: clock.now() + 1_000,
      now: clock.now,
      random: () => 0.999999,
      sleep: clock.sleep,
    })
    assert.deepEqual(result.failed, ['b'])
    assert.ok(clock.now() <= 1_000_000 + 1_000)
    assert.ok(result.calls >= 2)
  })

  it('retries the whole batch after a throttling error, refuses it on a permanent error, stops on an unknown one', async () => {
    const clock = fakeClock()
    let calls = 0
    const throttled = await deliverWithRetry(
      [1, 2],
      async () => {
        if (++calls < 3) throw named('ProvisionedThroughputExceededException')
        return {reject: [], retry: []}
      },
      {deadline: clock.now() + 60_000, now: clock.now, sleep: clock.sleep},
    )
    assert.deepEqual({calls: throttled.calls, failed: throttled.failed, retried: throttled.retried}, {calls: 3, failed: [], retried: 4})

    const denied = await deliverWithRetry(
      [1, 2],
      async () => {
        throw named('AccessDeniedException', {$metadata: {httpStatusCode: 400}})
      },
      {deadline: clock.now() + 60_000, now: clock.now, sleep: clock.sleep},
    )
    // Refused (parked, or failed without parking), never rejected: a configuration problem must not drop data.
    assert.deepEqual({calls: denied.calls, failed: denied.failed, halt: denied.halt, rejected: denied.rejected}, {calls: 1, failed: [], halt: 'destination', rejected: []})
    assert.deepEqual(denied.refused.map((r) => r.entry), [1, 2])
    assert.match(denied.refused[0].reason, /AccessDeniedException/)
    assert.equal((denied.lastError as Error).name, 'AccessDeniedException')

    const unknown = await deliverWithRetry(
      [1, 2],
      async () => {
        throw new TypeError('bug')
      },
      {deadline: clock.now() + 60_000, now: clock.now, sleep: clock.sleep},
    )
    assert.deepEqual({calls: unknown.calls, failed: unknown.failed, refused: unknown.refused}, {calls: 1, failed: [1, 2], refused: []})
  })

  it('keeps rejected entries apart and never sends them again', async () => {
    const clock = fakeClock()
    const seen: string[][] = []
    const result = await deliverWithRetry(
      ['ok', 'bad', 'later'],
      async (batch) => {
        seen.push(batch)
        return seen.length === 1 ? {reject: [{entry: 'bad', reason: 'too big'}], retry: ['later']} : {reject: [], retry: []}
      },
      {deadline: clock.now() + 60_000, now: clock.now, sleep: clock.sleep},
    )
    assert.deepEqual(seen, [['ok', 'bad', 'later'], ['later']])
    assert.deepEqual(result.rejected, [{entry: 'bad', reason: 'too big'}])
    assert.deepEqual(result.failed, [])
  })

  it('stops when the signal aborts', async () => {
    const controller = new AbortController()
    const result = await deliverWithRetry(
      [1],
      async () => {
        controller.abort()
        return {reject: [], retry: [1]}
      },
      {deadline: Date.now() + 60_000, signal: controller.signal},
    )
    assert.deepEqual({calls: result.calls, failed: result.failed}, {calls: 1, failed: [1]})
  })

  it('really sleeps between attempts by default (tiny delays)', async () => {
    let calls = 0
    const started = Date.now()
    const result = await deliverWithRetry([1], async () => ({reject: [], retry: ++calls < 3 ? [1] : []}), {deadline: Date.now() + 5_000})
    assert.equal(result.calls, 3)
    assert.ok(Date.now() - started < 1_000)
  })
})

describe('isRetryableError', () => {
  it('retries throttling, 5xx, timeouts and connection errors', () => {
    for (const error of [
      named('ThrottlingException'),
      named('ProvisionedThroughputExceededException'),
      named('TooManyRequestsException'),
      named('Whatever', {$metadata: {httpStatusCode: 503}}),
      named('Whatever', {$metadata: {httpStatusCode: 429}}),
      named('TimeoutError'),
      Object.assign(new Error('socket hang up'), {code: 'ECONNRESET'}),
      Object.assign(new Error('refused'), {code: 'ECONNREFUSED'}),
      named('Wrapped', {cause: Object.assign(new Error('x'), {code: 'ETIMEDOUT'})}),
    ]) {
      assert.equal(isRetryableError(error), true, String(error))
    }
  })

  it('does not retry client errors', () => {
    for (const error of [
      named('AccessDeniedException', {$metadata: {httpStatusCode: 400}}),
      named('ResourceNotFoundException', {$metadata: {httpStatusCode: 400}}),
      named('ValidationException', {$metadata: {httpStatusCode: 400}}),
      new TypeError('bug'),
      undefined,
      'text',
    ]) {
      assert.equal(isRetryableError(error), false, String(error))
    }
  })
})
