// Faults: a stand-in endpoint that rejects a share of each batch's entries, throttles some calls
// and has an outage longer than one invocation's retries. Lambda's retry loop is replayed from each
// reported checkpoint until the handler reports none: every record must then be at every target,
// none lost; at the parallel: false target the last copies of the records are in source order. The
// duplicate rate is printed for a warm container (Lambda's usual case: the retry of
// a shard's batch lands on the container that saw it) and for a fresh container per retry.
import assert from 'node:assert/strict'
import type {DynamoDBClient} from '@aws-sdk/client-dynamodb'
import {SERVICE_LIMITS} from '../../runtime/limits.js'
import {startStandIn, type StandIn} from '../helpers/aws-standin.js'
import {startDynalite, type Emulator} from '../helpers/emulators.js'
import {jsonRecord, kinesisEvent, kinesisStreamArn} from '../helpers/events.js'
import {startWarmContainer} from '../helpers/warm-container.js'
import {invokePackaged, jsonLogs} from '../helpers/zip-handler.js'
import {createMappingTable, dynamo, putRow, suffix} from './fixtures.js'

type Result = {batchItemFailures: Array<{itemIdentifier: string}>}
type Invoke = (event: unknown) => Promise<{result: {ok: boolean; value?: Result; error?: string}; logs: string[]}>

const TOTAL = 1200
const TIMEOUT_MS = 4_000
const TARGETS = 3
const ORDERED_REJECT_SHARE = 0.02

describe('at-least-once delivery under faults (packaged handler, stand-in endpoint)', function () {
  this.timeout(240_000)
  let dynalite: Emulator
  let ddb: DynamoDBClient
  const standIns: StandIn[] = []
  const table = `faults-${suffix()}`
  const datas = Array.from({length: TOTAL}, (_, n) => jsonRecord(n, 200))

  before(async () => {
    dynalite = await startDynalite()
    ddb = dynamo(dynalite.endpoint)
    await createMappingTable(ddb, table)
  })
  after(async () => {
    ddb?.destroy()
    await Promise.all([dynalite?.close(), ...standIns.map((s) => s.close())])
  })

  async function scenario(name: string) {
    // The parallel: false target sees fewer rejected entries: in strict order a partial failure
    // sends the batch again from its first entry not taken, so with a quarter of the entries
    // refused at random a call settles only about 3 records and the loop would not end.
    const standIn = await startStandIn({outage: {from: 3, to: 40}, rejectShare: 0.25, rejectShareFor: {ordered: ORDERED_REJECT_SHARE}, seed: 7, throttleEvery: 5})
    standIns.push(standIn)
    const source = kinesisStreamArn(`faulty-${name}-${suffix()}`)
    const queue = `${standIn.endpoint}/123456789012/q-${suffix()}`
    await putRow(ddb, table, {active: true, destination: 'ordered', id: 'kinesis-ordered', parallel: false, sourceArn: source, type: 'kinesis'})
    await putRow(ddb, table, {active: true, destination: 'parallel', id: 'kinesis-parallel', sourceArn: source, type: 'kinesis'})
    await putRow(ddb, table, {active: true, collapse: 'none', destination: queue, id: 'sqs-none', sourceArn: source, type: 'sqs'})
    const env = {
      AWS_ENDPOINT_URL_DYNAMODB: dynalite.endpoint,
      AWS_ENDPOINT_URL_KINESIS: standIn.endpoint,
      AWS_ENDPOINT_URL_SQS: standIn.endpoint,
      FANOUT_TABLE: table,
    }
    return {env, queue, source, standIn}
  }

  /** Lambda's loop over one shard: the batch again from the reported checkpoint, until none. */
  async function replay(source: string, invoke: Invoke) {
    let from = 0
    let invocations = 0
    const checkpoints: number[] = []
    while (invocations < 20) {
      invocations++
      const event = kinesisEvent(source, datas.slice(from), from + 1)
      const {result, logs} = await invoke(event)
      assert.ok(result.ok, result.error)
      const failures = result.value!.batchItemFailures
      if (failures.length === 0) break
      const index = event.Records.findIndex((r) => r.kinesis.sequenceNumber === failures[0].itemIdentifier)
      assert.ok(index >= 0, 'the reported checkpoint is a record of the event')
      assert.ok(jsonLogs(logs).some((l) => l._aws && (l.Failed as number) > 0))
      from += index
      checkpoints.push(from)
    }
    assert.ok(invocations > 1, 'the outage made Lambda retry at least once')
    assert.ok(invocations < 20, 'the loop ended')
    return {checkpoints, invocations}
  }

  function check(name: string, standIn: StandIn, queue: string, loop: {invocations: number; checkpoints: number[]}) {
    const delivered = {
      'kinesis-ordered': (standIn.kinesis.get('ordered') ?? []).map((r) => r.data.toString()),
      'kinesis-parallel': (standIn.kinesis.get('parallel') ?? []).map((r) => r.data.toString()),
      'sqs-none': standIn.sqs.get(new URL(queue).pathname) ?? [],
    }
    let sent = 0
    for (const [target, got] of Object.entries(delivered)) {
      const present = new Set(got)
      const missing = datas.filter((d) => !present.has(d))
      assert.equal(missing.length, 0, `${target} is missing ${missing.length} records`)
      sent += got.length
    }
    // parallel: false: a batch goes out only once every earlier batch is in, so a record's first copy
    // never comes before that of a record a whole batch (500) earlier. Within one PutRecords call the
    // entries retried after a partial failure land after the others (PutRecords has no order).
    const ordered = delivered['kinesis-ordered']
    const firstSeen = datas.map((d) => ordered.indexOf(d))
    const inversions = firstSeen.filter((position, n) => n > 0 && position < firstSeen[n - 1]).length
    const window = SERVICE_LIMITS.kinesis.maxEntriesPerCall
    let latestFirstCopy = -1
    for (let n = window; n < TOTAL; n++) {
      latestFirstCopy = Math.max(latestFirstCopy, firstSeen[n - window])
      assert.ok(firstSeen[n] > latestFirstCopy, `record ${n} overtook a record of an earlier batch`)
    }
    // parallel: false: after a partial failure everything from the first entry not taken is sent
    // again, and Lambda's retries start at the checkpoint, so the LAST copies of the records arrive
    // in source order (earlier copies may be anywhere: duplicates).
    const lastSeen = new Map<string, number>()
    ordered.forEach((data, position) => lastSeen.set(data, position))
    const lastOrder = [...lastSeen.entries()].sort((a, b) => a[1] - b[1]).map(([data]) => data)
    assert.equal(lastOrder.length, TOTAL)
    const outOfOrder = lastOrder.findIndex((data, n) => data !== datas[n])
    assert.equal(outOfOrder, -1, `the last copies at the ordered target leave source order at position ${outOfOrder}`)
    const expected = TARGETS * TOTAL
    const duplicateRate = (sent - expected) / expected
    console.log(
      `      ${name}: ${loop.invocations} invocations (checkpoints ${loop.checkpoints.join(', ')}), ${standIn.calls.throttled} throttled calls, ` +
        `duplicate rate ${(duplicateRate * 100).toFixed(1)}% (${sent - expected} duplicates over ${expected} deliveries), ` +
        `order inversions inside PutRecords batches at the ordered target: ${inversions}; duplicates per target: ` +
        Object.entries(delivered).map(([target, got]) => `${target} ${(((got.length - TOTAL) / TOTAL) * 100).toFixed(1)}%`).join(', '),
    )
    assert.ok(sent <= loop.invocations * expected, 'each replay re-sends at most the rest of the batch once per target')
    return duplicateRate
  }

  let warmRate = 0
  it('warm container: every record at every target, none lost; acknowledged records are not sent again', async () => {
    const {env, queue, source, standIn} = await scenario('warm')
    const container = await startWarmContainer({env, timeoutMs: TIMEOUT_MS})
    try {
      const loop = await replay(source, (event) => container.invoke<Result>(event) as ReturnType<Invoke>)
      warmRate = check('warm container', standIn, queue, loop)
    } finally {
      await container.close()
    }
  })

  it('fresh container per retry: every record at every target, none lost', async () => {
    const {env, queue, source, standIn} = await scenario('cold')
    const loop = await replay(source, async (event) => {
      const {results, logs} = await invokePackaged<Result>([event], {env, timeoutMs: TIMEOUT_MS})
      return {logs, result: results[0]}
    })
    const coldRate = check('fresh container per retry', standIn, queue, loop)
    assert.ok(warmRate <= coldRate, 'a warm container sends fewer duplicates')
  })
})
