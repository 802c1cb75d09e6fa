// Parking in the processor (docs/runtime.md, "Isolation") with a fake ParkStore: what is parked for which
// reason, what stays failed, the open circuit, and the blocking behaviour without parking.
import assert from 'node:assert/strict'
import type {MappingStore} from '../../../runtime/config/mapping-store.js'
import {parseMappingItem, type Mapping} from '../../../runtime/mapping/schema.js'
import type {TargetMetrics} from '../../../runtime/metrics.js'
import {Circuits} from '../../../runtime/parking/circuit.js'
import type {ParkBatch, ParkStore} from '../../../runtime/parking/s3-park-store.js'
import {processEvent, type ProcessorDeps} from '../../../runtime/processor.js'
import type {OutRecord} from '../../../runtime/records.js'
import type {DeliveryReport, Target} from '../../../runtime/targets/target.js'
import {kinesisEvent, kinesisStreamArn, sequenceNumber} from '../../helpers/events.js'
import {memoryLogger} from '../log.js'

const SOURCE = kinesisStreamArn('park')
/** Records of kinesisEvent arrive at 1_700_000_000 s (+ n ms). */
const ARRIVAL_MS = 1_700_000_000_000

function mapping(id: string, extra: Record<string, unknown> = {}): Mapping {
  const parsed = parseMappingItem({active: true, destination: `dest-${id}`, id, sourceArn: SOURCE, type: 'kinesis', ...extra})
  if (!parsed.ok) throw new Error(parsed.reason)
  return parsed.mapping
}

type Behaviour = (records: OutRecord[]) => Partial<Pick<DeliveryReport, 'failed' | 'refused' | 'skipped'>>

function fakeStore(fail = false) {
  const parked: ParkBatch[] = []
  const store: ParkStore = {
    async park(batch) {
      if (fail) throw new Error('AccessDenied: s3:PutObject')
      parked.push(batch)
      return {key: `parked/${batch.mapping.id}/${batch.records.length}`}
    },
  }
  return {parked, store}
}

function harness(mappings: Mapping[], behaviours: Record<string, Behaviour>, options: {parking?: boolean; failPark?: boolean; parkAfter?: number} = {}) {
  const log = memoryLogger()
  const metrics: TargetMetrics[] = []
  const calls: Record<string, number> = {}
  const received: Record<string, string[]> = {}
  const {parked, store} = fakeStore(options.failPark)
  let clock = ARRIVAL_MS + 10_000
  const deps: ProcessorDeps = {
    log,
    metrics: (m) => metrics.push(m),
    now: () => clock,
    ...(options.parking === false ? {} : {parking: {circuits: new Circuits(), defaultParkAfterSeconds: options.parkAfter ?? 300, store}}),
    registry: {
      driverFor: () => Promise.reject(new Error('not used')),
      targetFor: (m): Target => ({
        async deliver(records) {
          calls[m.id] = (calls[m.id] ?? 0) + 1
          received[m.id] = records.map((r) => r.data.toString())
          const outcome = behaviours[m.id]?.(records) ?? {}
          const refused = outcome.refused ?? []
          const failed = [...new Set([...(outcome.failed ?? []), ...refused.map((r) => r.record)])]
          const skipped = outcome.skipped ?? []
          return {calls: 1, delivered: records.length - failed.length - skipped.length, failed, refused, retried: 0, skipped}
        },
      }),
    },
    store: {activeMappings: async () => mappings} satisfies MappingStore,
  }
  return {
    advance: (ms: number) => (clock += ms),
    calls,
    deps,
    log,
    metrics,
    parked,
    received,
  }
}

const event = (count: number, first = 1) => kinesisEvent(SOURCE, Array.from({length: count}, (_, n) => `r${n}`), first)
const refuseAll: Behaviour = (records) => ({refused: records.map((record) => ({reason: 'AccessDeniedException: denied', record}))})

describe('parking (processor)', () => {
  it('parks what a target refused for good; the healthy target and the checkpoint are not held back', async () => {
    const h = harness([mapping('ok'), mapping('denied')], {denied: refuseAll})
    assert.deepEqual(await processEvent(event(3), undefined, h.deps), {batchItemFailures: []})
    assert.deepEqual(h.received.ok, ['r0', 'r1', 'r2'])
    assert.equal(h.parked.length, 1)
    assert.deepEqual([h.parked[0].reason, h.parked[0].mapping.id, h.parked[0].records.map((r) => r.data.toString())], ['refused', 'denied', ['r0', 'r1', 'r2']])
    assert.match(h.parked[0].error, /AccessDenied/)
    const line = h.log.lines.find((l) => l.message === 'records parked')
    assert.deepEqual([line?.mapping, line?.count, line?.reason, line?.key], ['denied', 3, 'refused', 'parked/denied/3'])
    const metric = h.metrics.find((m) => m.target === 'denied')
    assert.deepEqual([metric?.parked, metric?.failed, metric?.delivered], [3, 0, 0])
  })

  it('parks records not taken in time once older than parkAfter; younger ones are retried', async () => {
    const h = harness([mapping('slow', {parkAfter: 5})], {slow: (records) => ({failed: records})})
    h.advance(-10_000 + 5_002) // r0 (n=1) arrived at +1 ms, r1 at +2 ms, r2 at +3 ms: r2 is not quite 5 s old
    const result = await processEvent(event(3), undefined, h.deps)
    assert.deepEqual(h.parked.map((b) => [b.reason, b.records.map((r) => r.data.toString())]), [['expired', ['r0', 'r1']]])
    assert.deepEqual(result, {batchItemFailures: [{itemIdentifier: sequenceNumber(3)}]})
  })

  it('parkAfter 0 parks at once whatever the age', async () => {
    const h = harness([mapping('slow', {parkAfter: 0})], {slow: (records) => ({failed: records})})
    h.advance(-20_000)
    assert.deepEqual(await processEvent(event(2), undefined, h.deps), {batchItemFailures: []})
    assert.equal(h.parked[0].reason, 'expired')
  })

  it('parks every record that would otherwise be skipped (undeliverable), also unreadable ones', async () => {
    const h = harness([mapping('m')], {m: (records) => ({skipped: [{reason: 'too large', record: records[0]}]})})
    const bad = kinesisEvent(SOURCE, ['ok', {data: '', rawData: '%%%'}, {data: 'x', partitionKey: 42 as unknown as string}])
    assert.deepEqual(await processEvent(bad, undefined, h.deps), {batchItemFailures: []})
    assert.equal(h.parked.length, 1)
    assert.equal(h.parked[0].reason, 'undeliverable')
    assert.deepEqual(h.parked[0].records.map((r) => r.source.checkpoint), [sequenceNumber(1), sequenceNumber(2), sequenceNumber(3)])
    assert.match(h.parked[0].error, /too large.*base64.*partitionKey/)
    const metric = h.metrics[0]
    assert.deepEqual([metric.parked, metric.skipped], [3, 0])
    assert.ok(!h.log.lines.some((l) => l.message === 'record skipped'))
  })

  it('reports the records failed when the park write fails (never lost)', async () => {
    const h = harness([mapping('denied')], {denied: refuseAll}, {failPark: true})
    assert.deepEqual(await processEvent(event(2), undefined, h.deps), {batchItemFailures: [{itemIdentifier: sequenceNumber(1)}]})
    assert.ok(h.log.lines.some((l) => l.message === 'cannot park records: they are reported failed' && l.count === 2))
    assert.equal(h.metrics[0].failed, 2)
  })

  it('parkAfter -1 keeps the blocking behaviour for refused and late records', async () => {
    const h = harness([mapping('denied', {parkAfter: -1})], {denied: refuseAll})
    assert.deepEqual(await processEvent(event(2), undefined, h.deps), {batchItemFailures: [{itemIdentifier: sequenceNumber(1)}]})
    assert.equal(h.parked.length, 0)
  })

  it('without a parking bucket: refused records block, undeliverable ones are logged and skipped', async () => {
    const h = harness([mapping('denied'), mapping('big')], {big: (records) => ({skipped: [{reason: 'too large', record: records[1]}]}), denied: refuseAll}, {parking: false})
    assert.deepEqual(await processEvent(event(2), undefined, h.deps), {batchItemFailures: [{itemIdentifier: sequenceNumber(1)}]})
    assert.ok(h.log.lines.some((l) => l.message === 'record skipped' && l.mapping === 'big'))
    assert.equal(h.metrics.find((m) => m.target === 'big')?.skipped, 1)
  })

  it('opens the circuit: the next batch is parked without calling the target; after the cool-down one probe closes it', async () => {
    let denying = true
    const h = harness([mapping('flaky'), mapping('ok')], {flaky: (records) => (denying ? refuseAll(records) : {})})
    await processEvent(event(2, 1), undefined, h.deps)
    assert.equal(h.calls.flaky, 1)
    // Second batch within the cool-down (5 s): parked, reason circuit-open, no call.
    h.advance(1_000)
    assert.deepEqual(await processEvent(event(2, 3), undefined, h.deps), {batchItemFailures: []})
    assert.equal(h.calls.flaky, 1)
    assert.equal(h.parked.at(-1)?.reason, 'circuit-open')
    assert.equal(h.calls.ok, 2)
    // After the cool-down, the target is back: the probe goes through and the circuit closes.
    denying = false
    h.advance(5_000)
    await processEvent(event(2, 5), undefined, h.deps)
    assert.equal(h.calls.flaky, 2)
    assert.ok(h.log.lines.some((l) => String(l.message).startsWith('circuit closed')))
    await processEvent(event(2, 7), undefined, h.deps)
    assert.equal(h.calls.flaky, 3)
    assert.equal(h.parked.length, 2)
  })

  it('a failed probe opens the circuit again for twice as long', async () => {
    const h = harness([mapping('dead')], {dead: refuseAll})
    await processEvent(event(1, 1), undefined, h.deps)
    h.advance(5_000)
    await processEvent(event(1, 2), undefined, h.deps) // probe, refused again: 10 s now
    assert.equal(h.calls.dead, 2)
    h.advance(9_000)
    await processEvent(event(1, 3), undefined, h.deps)
    assert.equal(h.calls.dead, 2, 'still open after 9 s')
    const opened = h.log.lines.filter((l) => String(l.message).startsWith('circuit open')).map((l) => l.coolDownMs)
    assert.deepEqual(opened, [5_000, 10_000])
  })
})

describe('filters (processor)', () => {
  it('sends a mapping only the records its filter matches, counted as Filtered; others get everything', async () => {
    const h = harness([mapping('orders', {filter: '{"data":{"type":["order"]}}'}), mapping('all')], {}, {parking: false})
    const records = ['{"type":"order","n":1}', '{"type":"refund"}', 'not json', '{"type":"order","n":2}']
    assert.deepEqual(await processEvent(kinesisEvent(SOURCE, records), undefined, h.deps), {batchItemFailures: []})
    assert.deepEqual(h.received.orders, ['{"type":"order","n":1}', '{"type":"order","n":2}'])
    assert.equal(h.received.all.length, 4)
    const byTarget = Object.fromEntries(h.metrics.map((m) => [m.target, m]))
    assert.deepEqual([byTarget.orders.filtered, byTarget.orders.delivered, byTarget.all.filtered], [2, 2, 0])
  })
})
