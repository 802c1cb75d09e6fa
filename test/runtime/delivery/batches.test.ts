import assert from 'node:assert/strict'
import {deliverBatches, type Entry} from '../../../runtime/delivery/batches.js'
import {deliveryContext, testMapping} from '../context.js'
import {outRecords} from '../records.js'

const entriesOf = (count: number): Entry[] => outRecords(Array.from({length: count}, (_, n) => `r${n}`)).map((r) => ({records: [r], size: 1}))
const names = (entries: Entry[]) => entries.map((e) => e.records[0].data.toString())

describe('deliverBatches', () => {
  it('parallel: false sends batches one after another and stops at the first undelivered one', async () => {
    const mapping = testMapping('kinesis', 'out', {parallel: false})
    const sent: string[][] = []
    let inFlight = 0
    const report = await deliverBatches(
      {
        entries: entriesOf(10),
        limits: {maxBytes: 100, maxEntries: 3},
        async send(batch) {
          assert.equal(++inFlight, 1)
          sent.push(names(batch))
          await new Promise((resolve) => setTimeout(resolve, 2))
          inFlight--
          // The second batch never gets its last entry in.
          return {reject: [], retry: sent.length >= 2 && batch.some((e) => names([e])[0] === 'r5') ? batch.filter((e) => names([e])[0] === 'r5') : []}
        },
        skipped: [],
      },
      deliveryContext(mapping, 300),
    )
    assert.deepEqual(sent[0], ['r0', 'r1', 'r2'])
    assert.deepEqual(sent[1], ['r3', 'r4', 'r5'])
    // Nothing after batch 2 was sent; its undelivered entry and all later ones are failed.
    assert.ok(sent.slice(2).every((batch) => batch.join() === 'r5'))
    assert.deepEqual(report.failed.map((r) => r.data.toString()), ['r5', 'r6', 'r7', 'r8', 'r9'])
    assert.equal(report.delivered, 5)
  })

  it('parallel sends several batches at once and carries on past a failed batch', async () => {
    const mapping = testMapping('kinesis', 'out')
    let inFlight = 0
    let most = 0
    const report = await deliverBatches(
      {
        entries: entriesOf(20),
        limits: {maxBytes: 100, maxEntries: 2},
        async send(batch) {
          most = Math.max(most, ++inFlight)
          await new Promise((resolve) => setTimeout(resolve, 5))
          inFlight--
          if (names(batch).includes('r0')) throw Object.assign(new Error('denied'), {name: 'AccessDeniedException'})
          return {reject: [], retry: []}
        },
        skipped: [],
      },
      deliveryContext(mapping),
    )
    assert.ok(most > 1 && most <= 8, `in flight ${most}`)
    assert.deepEqual(report.failed.map((r) => r.data.toString()), ['r0', 'r1'])
    assert.equal(report.delivered, 18)
    assert.equal(report.calls, 10)
  })

  it('turns rejected entries into skipped records with the reason, not failures', async () => {
    const mapping = testMapping('kinesis', 'out', {parallel: false})
    const report = await deliverBatches(
      {
        entries: entriesOf(3),
        limits: {maxBytes: 100, maxEntries: 10},
        async send(batch) {
          return {reject: [{entry: batch[1], reason: 'refused'}], retry: []}
        },
        skipped: [],
      },
      deliveryContext(mapping),
    )
    assert.deepEqual(report.skipped.map((s) => [s.record.data.toString(), s.reason]), [['r1', 'refused']])
    assert.deepEqual([report.delivered, report.failed.length], [2, 0])
  })
})
