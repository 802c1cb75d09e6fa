// The one delivery loop with fake drivers: order, partial failures, acknowledged-only counting,
// permanent errors, the deadline and the abort.
import assert from 'node:assert/strict'
import {runDriver} from '../../../runtime/delivery/deliver-mapping.js'
import type {TargetLimits} from '../../../runtime/limits.js'
import type {OutRecord} from '../../../runtime/records.js'
import {ACKNOWLEDGED, type Entry, type EntryOutcome, type TargetDriver} from '../../../runtime/targets/target.js'
import {deliveryContext, testMapping} from '../context.js'
import {outRecords} from '../records.js'

const LIMITS: TargetLimits = {maxBytesPerCall: 100, maxEntriesPerCall: 3, maxEntryBytes: 10}
const names = (entries: Array<{records: OutRecord[]}>) => entries.map((e) => e.records[0].data.toString())
const records = (count: number) => outRecords(Array.from({length: count}, (_, n) => `r${n}`))

function fakeDriver(send: (batch: Entry[], signal: AbortSignal) => Promise<EntryOutcome[]>, limits = LIMITS): TargetDriver & {calls: string[][]} {
  const calls: string[][] = []
  return {
    calls,
    label: 'fake',
    limits: () => limits,
    preview: () => [],
    send(batch, signal) {
      calls.push(names(batch))
      return send(batch, signal)
    },
    shape: (list, current) => ({
      entries: list.filter((r) => r.data.length <= current.maxEntryBytes).map((r) => ({records: [r], size: 1})),
      refused: list.filter((r) => r.data.length > current.maxEntryBytes).map((record) => ({reason: 'too large', record})),
    }),
  }
}

const allOk = async (batch: Entry[]) => batch.map(() => ACKNOWLEDGED)
const named = (name: string, status = 400) => Object.assign(new Error(name), {$metadata: {httpStatusCode: status}, name})

describe('delivery loop', () => {
  it('parallel: false sends batches one after another and stops at the first undelivered one', async () => {
    let inFlight = 0
    const driver = fakeDriver(async (batch) => {
      assert.equal(++inFlight, 1)
      await new Promise((resolve) => setTimeout(resolve, 2))
      inFlight--
      return batch.map((e) => (names([e])[0] === 'r5' ? {kind: 'retry'} : ACKNOWLEDGED))
    })
    const report = await runDriver(driver, records(10), deliveryContext(testMapping('kinesis', 'out', {parallel: false}), 300))
    assert.deepEqual(driver.calls.slice(0, 2), [['r0', 'r1', 'r2'], ['r3', 'r4', 'r5']])
    assert.ok(driver.calls.slice(2).every((batch) => batch.join() === 'r5'), 'only r5 again, nothing after it')
    assert.deepEqual(report.failed.map((r) => r.data.toString()), ['r5', 'r6', 'r7', 'r8', 'r9'])
    assert.equal(report.delivered, 5)
  })

  it('parallel: several batches in flight, bounded, and the loop carries on past a failed batch', async () => {
    let inFlight = 0
    let most = 0
    const driver = fakeDriver(async (batch) => {
      most = Math.max(most, ++inFlight)
      await new Promise((resolve) => setTimeout(resolve, 5))
      inFlight--
      if (names(batch).includes('r0')) throw new TypeError('unexpected')
      return batch.map(() => ACKNOWLEDGED)
    }, {...LIMITS, maxEntriesPerCall: 2})
    const report = await runDriver(driver, records(40), deliveryContext(testMapping('kinesis', 'out')))
    assert.ok(most > 1 && most <= 8, `in flight ${most}`)
    assert.deepEqual(report.failed.map((r) => r.data.toString()), ['r0', 'r1'])
    assert.equal(report.delivered, 38)
    assert.equal(report.calls, 20)
  })

  it('counts only acknowledged entries: an answer naming fewer entries leaves the rest to retry', async () => {
    let call = 0
    // First answer acknowledges only the first entry (a shorter list); later answers are empty.
    const driver = fakeDriver(async (batch) => (call++ === 0 ? [ACKNOWLEDGED] : batch.map((): EntryOutcome => ({kind: 'retry'}))))
    const report = await runDriver(driver, records(3), deliveryContext(testMapping('kinesis', 'out'), 200))
    assert.equal(report.delivered, 1)
    assert.deepEqual(report.failed.map((r) => r.data.toString()), ['r1', 'r2'])
    assert.ok(driver.calls.length >= 2)
  })

  it('rejected entries become skipped records with the reason; refused ones are failed and listed as refused', async () => {
    const driver = fakeDriver(async (batch) =>
      batch.map((e): EntryOutcome => {
        const name = names([e])[0]
        return name === 'r1' ? {kind: 'rejected', reason: 'sender fault'} : name === 'r2' ? {kind: 'refused', reason: 'KMSAccessDenied'} : ACKNOWLEDGED
      }),
    )
    const report = await runDriver(driver, [...records(3), ...outRecords(['much too large'])], deliveryContext(testMapping('kinesis', 'out')))
    assert.deepEqual(report.skipped.map((s) => [s.record.data.toString(), s.reason]), [['much too large', 'too large'], ['r1', 'sender fault']])
    assert.deepEqual(report.refused.map((s) => [s.record.data.toString(), s.reason]), [['r2', 'KMSAccessDenied']])
    assert.deepEqual(report.failed.map((r) => r.data.toString()), ['r2'])
    assert.equal(report.delivered, 1)
  })

  it('a permanent error of the destination refuses the rest without calling again', async () => {
    const driver = fakeDriver(async () => {
      throw named('AccessDeniedException')
    })
    const context = deliveryContext(testMapping('kinesis', 'out'))
    const report = await runDriver(driver, records(30), context)
    assert.ok(driver.calls.length <= 8, `${driver.calls.length} calls`)
    assert.equal(report.refused.length, 30)
    assert.equal(report.failed.length, 30)
    assert.match(report.refused[29].reason, /AccessDeniedException/)
    assert.ok(context.log.lines.some((l) => l.level === 'error' && String(l.message).startsWith('target refused')))
  })

  it('an invalid parameter refuses that batch only', async () => {
    const driver = fakeDriver(async (batch) => {
      if (names(batch).includes('r0')) throw named('InvalidParameterValue')
      return batch.map(() => ACKNOWLEDGED)
    })
    const report = await runDriver(driver, records(6), deliveryContext(testMapping('kinesis', 'out')))
    assert.deepEqual(report.refused.map((r) => r.record.data.toString()), ['r0', 'r1', 'r2'])
    assert.equal(report.delivered, 3)
  })

  it('retries throttled calls with backoff until they go through', async () => {
    let call = 0
    const driver = fakeDriver(async (batch) => {
      if (call++ < 2) throw named('ThrottlingException')
      return batch.map(() => ACKNOWLEDGED)
    })
    const report = await runDriver(driver, records(2), deliveryContext(testMapping('kinesis', 'out')))
    assert.deepEqual([report.delivered, report.calls, report.failed.length], [2, 3, 0])
  })

  it('starts no call after the deadline: a target that keeps throttling gets the records back as failed', async () => {
    const driver = fakeDriver(async () => {
      throw named('ThrottlingException')
    })
    const started = Date.now()
    const report = await runDriver(driver, records(9), deliveryContext(testMapping('kinesis', 'out'), 300))
    assert.ok(Date.now() - started < 1_000, `${Date.now() - started} ms`)
    assert.equal(report.failed.length, 9)
    assert.equal(report.delivered, 0)
  })

  it('abandons calls in flight at the abort: their entries are failed, never delivered', async () => {
    const controller = new AbortController()
    // A call that ignores the signal and never settles.
    const driver = fakeDriver(() => new Promise<EntryOutcome[]>(() => undefined))
    setTimeout(() => controller.abort(), 50)
    const started = Date.now()
    const report = await runDriver(driver, records(30), {...deliveryContext(testMapping('kinesis', 'out'), 10_000), signal: controller.signal})
    assert.ok(Date.now() - started < 500, `${Date.now() - started} ms`)
    assert.equal(report.failed.length, 30)
    assert.equal(report.delivered, 0)
    assert.equal(driver.calls.length, 8, 'the batches not started are not sent after the abort')
  })

  it('half-open circuit: one probe batch first, the rest only if it went through', async () => {
    const failing = fakeDriver(async (batch) => batch.map((): EntryOutcome => ({kind: 'retry'})))
    const report = await runDriver(failing, records(9), {...deliveryContext(testMapping('kinesis', 'out'), 100), probe: true})
    assert.ok(failing.calls.every((batch) => batch.join() === 'r0,r1,r2'), 'only the probe batch is sent')
    assert.equal(report.failed.length, 9)
    const healthy = fakeDriver(allOk)
    const ok = await runDriver(healthy, records(9), {...deliveryContext(testMapping('kinesis', 'out')), probe: true})
    assert.equal(ok.delivered, 9)
  })

  it('shapes the rest again when the limits went down (reshape), within the same delivery', async () => {
    let limits = {...LIMITS, maxEntryBytes: 10}
    let call = 0
    const driver: TargetDriver = {
      ...fakeDriver(async (batch) => {
        if (call++ === 0) throw Object.assign(new Error('smaller'), {name: 'Smaller'})
        return batch.map(() => ACKNOWLEDGED)
      }),
      classify: (error) => ((error as Error).name === 'Smaller' ? (limits = {...limits, maxEntryBytes: 2}) && {kind: 'reshape'} : {kind: 'unknown'}),
      limits: () => limits,
    }
    const report = await runDriver(driver, outRecords(['r0', 'r1', 'long']), deliveryContext(testMapping('kinesis', 'out', {parallel: false})))
    assert.equal(report.delivered, 2)
    assert.deepEqual(report.skipped.map((s) => s.record.data.toString()), ['long'])
  })

  it('gives up on a destination that cannot be reached after a few calls, without waiting out the time', async () => {
    const driver = fakeDriver(async () => {
      throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), {code: 'ECONNREFUSED'})
    })
    const started = Date.now()
    const report = await runDriver(driver, records(30), deliveryContext(testMapping('kinesis', 'out'), 10_000))
    assert.ok(Date.now() - started < 2_000, `${Date.now() - started} ms`)
    assert.ok(driver.calls.length <= 8 + 3, `${driver.calls.length} calls`)
    assert.equal(report.failed.length, 30)
    assert.equal(report.refused.length, 0, 'failed, not refused: it may come back')
  })
})
