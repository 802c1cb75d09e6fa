import assert from 'node:assert/strict'
import type {MappingStore} from '../../runtime/config/mapping-store.js'
import {parseMappingItem, type Mapping} from '../../runtime/mapping/schema.js'
import type {TargetMetrics} from '../../runtime/metrics.js'
import {processEvent, timeBudget, type ProcessorDeps} from '../../runtime/processor.js'
import type {OutRecord} from '../../runtime/records.js'
import type {Target} from '../../runtime/targets/target.js'
import {RETRY_POLICY} from '../../runtime/limits.js'
import {DeliveredMemory} from '../../runtime/delivery/delivered-memory.js'
import {kinesisEvent, kinesisStreamArn, sequenceNumber, snsEvent, snsTopicArn} from '../helpers/events.js'
import {memoryLogger} from './log.js'

const SOURCE = kinesisStreamArn('proc')

function mapping(id: string, extra: Record<string, unknown> = {}): Mapping {
  const parsed = parseMappingItem({active: true, destination: `dest-${id}`, id, sourceArn: SOURCE, type: 'kinesis', ...extra})
  if (!parsed.ok) throw new Error(parsed.reason)
  return parsed.mapping
}

type Behaviour = (records: OutRecord[]) => {failed?: OutRecord[]; skipped?: OutRecord[]} | Promise<never>

function harness(mappings: Mapping[] | Error, behaviours: Record<string, Behaviour> = {}) {
  const log = memoryLogger()
  const metrics: TargetMetrics[] = []
  const received: Record<string, string[]> = {}
  const store: MappingStore = {activeMappings: async () => (mappings instanceof Error ? Promise.reject(mappings) : mappings)}
  const deps: ProcessorDeps = {
    log,
    metrics: (m) => metrics.push(m),
    registry: {
      driverFor: () => Promise.reject(new Error('not used')),
      targetFor: (m): Target => ({
        async deliver(records) {
          received[m.id] = records.map((r) => r.data.toString())
          const outcome = await (behaviours[m.id]?.(records) ?? {})
          const failed = outcome.failed ?? []
          const skipped = (outcome.skipped ?? []).map((record) => ({reason: 'too large', record}))
          return {calls: 1, delivered: records.length - failed.length - skipped.length, failed, refused: [], retried: 0, skipped}
        },
      }),
    },
    store,
  }
  return {deps, log, metrics, received}
}

const event = (count: number) => kinesisEvent(SOURCE, Array.from({length: count}, (_, n) => `r${n}`))

describe('processEvent', () => {
  it('delivers to every active mapping and reports no failure', async () => {
    const h = harness([mapping('a'), mapping('b')])
    assert.deepEqual(await processEvent(event(3), undefined, h.deps), {batchItemFailures: []})
    assert.deepEqual(h.received, {a: ['r0', 'r1', 'r2'], b: ['r0', 'r1', 'r2']})
  })

  it('names the earliest record some target did not get', async () => {
    const h = harness([mapping('a'), mapping('b')], {
      a: (records) => ({failed: [records[3], records[4]]}),
      b: (records) => ({failed: [records[2]]}),
    })
    const result = await processEvent(event(5), undefined, h.deps)
    assert.deepEqual(result, {batchItemFailures: [{itemIdentifier: sequenceNumber(3)}]})
  })

  it('keeps delivering to the other targets when one throws, and reports the first record for it', async () => {
    const h = harness([mapping('broken'), mapping('fine')], {broken: () => Promise.reject(new Error('kaboom'))})
    const result = await processEvent(event(3), undefined, h.deps)
    assert.deepEqual(result.batchItemFailures, [{itemIdentifier: sequenceNumber(1)}])
    assert.deepEqual(h.received.fine, ['r0', 'r1', 'r2'])
    assert.ok(h.log.lines.some((l) => l.message === 'target failed' && l.mapping === 'broken' && String(l.error).includes('kaboom')))
  })

  it('does not report skipped records; logs them with mapping id and sequence number', async () => {
    const h = harness([mapping('a')], {a: (records) => ({skipped: [records[1]]})})
    assert.deepEqual(await processEvent(event(3), undefined, h.deps), {batchItemFailures: []})
    const line = h.log.lines.find((l) => l.message === 'record skipped')
    assert.deepEqual([line?.mapping, line?.sequenceNumber, line?.reason], ['a', sequenceNumber(2), 'too large'])
    assert.equal(h.metrics[0].skipped, 1)
  })

  it('skips invalid base64 for every mapping, logs it once, reports nothing', async () => {
    const h = harness([mapping('a'), mapping('b')])
    const bad = kinesisEvent(SOURCE, ['ok', {data: '', rawData: '%%%'}])
    assert.deepEqual(await processEvent(bad, undefined, h.deps), {batchItemFailures: []})
    assert.deepEqual(h.received.a, ['ok'])
    const lines = h.log.lines.filter((l) => l.message === 'record skipped')
    assert.equal(lines.length, 1)
    assert.equal(lines[0].sequenceNumber, sequenceNumber(2))
    assert.deepEqual(h.metrics.map((m) => [m.recordsIn, m.delivered, m.skipped]), [
      [2, 1, 1],
      [2, 1, 1],
    ])
  })

  it('reports the first record when the mappings cannot be read (whole batch retried)', async () => {
    const h = harness(new Error('AccessDenied on table'))
    const result = await processEvent(event(3), undefined, h.deps)
    assert.deepEqual(result, {batchItemFailures: [{itemIdentifier: sequenceNumber(1)}]})
    assert.ok(h.log.lines.some((l) => String(l.message).startsWith('cannot read the mappings')))
  })

  it('does nothing (and reports nothing) without active mappings', async () => {
    const h = harness([])
    assert.deepEqual(await processEvent(event(2), undefined, h.deps), {batchItemFailures: []})
    assert.deepEqual(h.metrics, [])
  })

  it('emits one metrics record per (source, target)', async () => {
    const h = harness([mapping('a'), mapping('b')], {b: (records) => ({failed: [records[0]]})})
    await processEvent(event(4), undefined, h.deps)
    const byTarget = Object.fromEntries(h.metrics.map((m) => [m.target, m]))
    assert.deepEqual(
      ['a', 'b'].map((id) => [byTarget[id].source, byTarget[id].targetType, byTarget[id].recordsIn, byTarget[id].delivered, byTarget[id].failed]),
      [
        [SOURCE, 'kinesis', 4, 4, 0],
        [SOURCE, 'kinesis', 4, 3, 1],
      ],
    )
  })

  it('throws for SNS-wrapped records that a target did not get (async invokes retry on errors)', async () => {
    const topic = snsTopicArn('topic')
    const m = {...mapping('a'), sourceArn: topic}
    const h = harness([m], {a: (records) => ({failed: records})})
    await assert.rejects(processEvent(snsEvent(topic, ['x']), undefined, h.deps), /not delivered/)
  })
})

describe('processEvent on a warm container retrying a batch', () => {
  it('does not send again what a target acknowledged in the previous attempt', async () => {
    let failOnce = true
    const h = harness([mapping('a'), mapping('b')], {
      b: (records) => {
        if (!failOnce) return {}
        failOnce = false
        return {failed: records.slice(2)}
      },
    })
    h.deps.memory = new DeliveredMemory()
    const first = await processEvent(event(5), undefined, h.deps)
    assert.deepEqual(first.batchItemFailures, [{itemIdentifier: sequenceNumber(3)}])
    // Lambda sends the batch again from the reported record.
    const retry = kinesisEvent(SOURCE, ['r2', 'r3', 'r4'], 3)
    assert.deepEqual(await processEvent(retry, undefined, h.deps), {batchItemFailures: []})
    assert.deepEqual(h.received, {a: [], b: ['r2', 'r3', 'r4']})
    assert.deepEqual(h.metrics.slice(2).map((m) => [m.target, m.deduplicated]), [
      ['a', 3],
      ['b', 0],
    ])
    // The batch went through: a later batch with the same sequence numbers is sent in full.
    await processEvent(retry, undefined, h.deps)
    assert.deepEqual(h.received.a, ['r2', 'r3', 'r4'])
  })

  it('parallel: false leaves out only the leading acknowledged records, keeping batches consecutive', async () => {
    let attempt = 0
    const h = harness([mapping('ordered', {parallel: false})], {
      // First attempt: r1 and r3 are not taken.
      ordered: (records) => (attempt++ === 0 ? {failed: [records[1], records[3]]} : {}),
    })
    h.deps.memory = new DeliveredMemory()
    await processEvent(event(5), undefined, h.deps)
    await processEvent(kinesisEvent(SOURCE, ['r1', 'r2', 'r3', 'r4'], 2), undefined, h.deps)
    assert.deepEqual(h.received.ordered, ['r1', 'r2', 'r3', 'r4'])
  })

  it('sends everything again when the mapping row changed in between', async () => {
    let rows = [mapping('a'), mapping('b')]
    const h = harness([], {b: (records) => ({failed: records})})
    h.deps.store = {activeMappings: async () => rows}
    h.deps.memory = new DeliveredMemory()
    await processEvent(event(2), undefined, h.deps)
    rows = [mapping('a', {destination: 'elsewhere'}), mapping('b')]
    await processEvent(event(2), undefined, h.deps)
    assert.deepEqual(h.received.a, ['r0', 'r1'])
  })
})

describe('timeBudget', () => {
  it('leaves the reserve for reporting', () => {
    assert.deepEqual(timeBudget(0, 60_000).deadline, 60_000 - RETRY_POLICY.reserveMs)
  })

  it('keeps half of a short remaining time for the work', () => {
    const {deadline, abortAt, parkUntil} = timeBudget(0, 2_000)
    assert.equal(deadline, 1_000)
    assert.equal(abortAt, 1_400)
    assert.equal(parkUntil, 1_760)
  })

  it('uses the default budget without a context', () => {
    assert.equal(timeBudget(0, undefined).deadline, RETRY_POLICY.defaultBudgetMs)
  })
})
