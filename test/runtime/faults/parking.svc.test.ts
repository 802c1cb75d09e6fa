// Faults, isolation: for each HTTP target type a permanently denied target (AccessDeniedException,
// AWS.SimpleQueueService.NonExistentQueue, SNS NotFound, 403 ...) and a 100%-throttled target (the
// service's own throttling error), all with parkAfter 0, beside a healthy kinesis target of the same
// source, with the parking bucket on moto S3. docs/runtime.md, "Isolation":
// - first invocation: the healthy target has every record, batchItemFailures is empty, and exactly
//   the records the broken targets refused are parked (key counts and lines agree, `data` decodes
//   to the record's bytes);
// - a second batch in the same warm container makes no call to the broken targets (circuit open)
//   and parks their records;
// - once the targets are back, `kinesis-fanout replay` (bin/run.js) delivers every parked record,
//   deletes the objects, and a second replay finds nothing;
// - after the 5 s cool-down, one batch probes the healed targets and closes the circuit;
// - a parking bucket that cannot be written leaves the records reported failed (never lost);
// - records no target can take (over 1 MiB for kinesis, no partition key) are parked as
//   undeliverable; DynamoDB (convertDDB) and KPL (deaggregate) records are parked as the target was
//   to receive them, one line per user record;
// - parkAfter -1, and a function without FANOUT_PARKING_BUCKET, keep the blocking behaviour.
import assert from 'node:assert/strict'
import type {DynamoDBClient} from '@aws-sdk/client-dynamodb'
import type {S3Client} from '@aws-sdk/client-s3'
import {runCli} from '../../helpers/cli.js'
import {faultRecord, startFaultStandIn, type FaultStandIn, type Protocol} from '../../helpers/fault-standin.js'
import {dynamodbEvent, dynamodbStreamArn, kinesisEvent, kinesisStreamArn, sequenceNumber} from '../../helpers/events.js'
import {aggregate} from '../../helpers/kpl.js'
import {MOTO_ENDPOINT} from '../../helpers/services.js'
import {jsonLogs} from '../../helpers/zip-handler.js'
import {suffix} from '../fixtures.js'
import {createBucket, faultTable, HTTP_TYPES, destinationFor, faultInputs, functionEnv, parkedKeys, parkedObjects, putMapping, s3, type ParkedObject} from './fixtures.js'
import {LambdaFunction, summary, type Invocation} from './lambda-loop.js'

const RECORDS = 300
const TIMEOUT_MS = 4_000

interface Broken {
  id: string
  type: Protocol
  reason: 'refused' | 'expired'
}

/** For every HTTP target type: one mapping denied for good, one throttled on every call. */
const BROKEN: Broken[] = HTTP_TYPES.flatMap((type): Broken[] => [
  {id: `denied-${type}`, reason: 'refused', type},
  {id: `throttled-${type}`, reason: 'expired', type},
])

describe('faults: a broken target never stalls the others (parking, circuit, replay; packaged handler, moto S3)', function () {
  this.timeout(300_000)
  let ddb: DynamoDBClient
  let bucketClient: S3Client
  let standIn: FaultStandIn
  const table = `faults-park-${suffix()}`
  const bucket = `fanout-parked-${suffix()}`
  const tag = `park-${suffix()}`
  const source = kinesisStreamArn(`faults-${tag}`)
  /** The probe batch is small: with parkAfter 0 whatever a slow target has not taken by the end is parked again. */
  const PROBE_RECORDS = 50
  const inputs = faultInputs(tag, 2 * RECORDS + PROBE_RECORDS)
  const first = inputs.slice(0, RECORDS)
  const second = inputs.slice(RECORDS, 2 * RECORDS)
  const third = inputs.slice(2 * RECORDS)
  const healthy = () => destinationFor('kinesis', `ok-${tag}`, {standIn})
  const broken = (b: Broken) => destinationFor(b.type, `${b.id}-${tag}`, {standIn})
  const destinationName = (b: Broken) => broken(b).label.split(':')[1]
  let fn: LambdaFunction
  let firstRun: Invocation
  let secondRun: Invocation
  let callsAfterFirst: Record<string, number>

  before(async function () {
    ddb = await faultTable(this, table, [])
    bucketClient = s3()
    standIn = await startFaultStandIn()
    await createBucket(bucketClient, bucket)
    await putMapping(ddb, table, source, 'healthy', 'kinesis', healthy().destination, {parkAfter: 0})
    for (const b of BROKEN) await putMapping(ddb, table, source, b.id, b.type, broken(b).destination, {parkAfter: 0})
    standIn.schedule(BROKEN.map((b) => ({destination: destinationName(b), mode: b.reason === 'refused' ? 'deny' : 'throttle', protocol: b.type})))
    fn = new LambdaFunction({env: functionEnv(table, standIn, {FANOUT_PARKING_BUCKET: bucket}), timeoutMs: TIMEOUT_MS, warm: true})
    firstRun = await fn.invoke(kinesisEvent(source, first, 1))
    callsAfterFirst = Object.fromEntries(BROKEN.map((b) => [b.id, standIn.callsTo(b.type, destinationName(b))]))
    secondRun = await fn.invoke(kinesisEvent(source, second, RECORDS + 1))
  })
  after(async () => {
    await fn?.close()
    ddb?.destroy()
    bucketClient?.destroy()
    await standIn?.close()
  })

  /** The objects holding records of the first (1) or the second (2) batch, by sequence number. */
  const ofBatch = (objects: ParkedObject[], batch: 1 | 2) =>
    objects.filter((o) => o.lines.length > 0 && (Number(String(o.lines[0].sequenceNumber).slice(4)) <= RECORDS) === (batch === 1))

  /** Checks a mapping's parked objects against the records expected there; returns the line count. */
  function checkParked(objects: ParkedObject[], b: Broken, expected: typeof inputs, firstSeq: number, reasons: string[]) {
    // Lines are in source order within an object; objects are taken in the order of their first record.
    const byFirst = [...objects].sort((a, b) => String(a.lines[0]?.sequenceNumber).localeCompare(String(b.lines[0]?.sequenceNumber)))
    const lines = byFirst.flatMap((o) => o.lines)
    for (const object of objects) assert.equal(object.lines.length, object.keyCount, `${object.key}: the count in the key is the number of lines`)
    assert.deepEqual(
      lines.map((l) => l.sequenceNumber),
      expected.map((_, n) => sequenceNumber(firstSeq + n)),
      `${b.id}: exactly the refused records are parked, in source order`,
    )
    lines.forEach((line, n) => {
      assert.equal(Buffer.from(String(line.data), 'base64').toString(), String(expected[n].data), `${b.id}: data decodes to the record bytes`)
      assert.equal(line.v, 1)
      assert.equal(line.sourceArn, source)
      assert.equal(line.mappingId, b.id)
      assert.equal(line.type, b.type)
      assert.equal(line.partitionKey, expected[n].partitionKey)
      assert.ok(reasons.includes(String(line.reason)), `${b.id}: reason ${String(line.reason)} is one of ${reasons.join(', ')}`)
    })
    return lines.length
  }

  it('first invocation: the healthy target has every record, batchItemFailures is empty, exactly the refused records are parked', async () => {
    const ok = standIn.tally.count(healthy().label, first.map((_, seq) => seq))
    const parked: string[] = []
    for (const b of BROKEN) {
      const objects = ofBatch(await parkedObjects(bucketClient, bucket, source, b.id), 1)
      parked.push(`${b.id} ${objects.reduce((sum, o) => sum + o.lines.length, 0)}`)
    }
    summary('parking, first invocation (7 denied + 7 throttled targets, parkAfter 0)', {
      deadlineMs: TIMEOUT_MS,
      duplicated: ok.duplicated,
      extra: `healthy target lost ${ok.lost}; parked per mapping: ${parked.join(', ')}; batchItemFailures ${JSON.stringify(firstRun.value?.batchItemFailures ?? firstRun.error)}`,
      invocations: 1,
      lost: ok.lost,
      maxHandlerMs: firstRun.handlerMs,
      overruns: firstRun.overrun ? 1 : 0,
      records: RECORDS,
    })
    assert.equal(firstRun.overrun, false, 'the first invocation returned before its deadline')
    assert.deepEqual(firstRun.value, {batchItemFailures: []}, 'parked records count as handled')
    assert.deepEqual(fn.crashes, [], 'no container crashed')
    assert.deepEqual([ok.lost, ok.duplicated], [0, 0], 'the healthy target has every record once, in the first invocation')
    assert.deepEqual(await parkedObjects(bucketClient, bucket, source, 'healthy'), [], 'nothing of the healthy target is parked')
    for (const b of BROKEN) {
      checkParked(ofBatch(await parkedObjects(bucketClient, bucket, source, b.id), 1), b, first, 1, [b.reason])
    }
    // Every parked object is logged and counted (EMF Parked).
    const lines = jsonLogs(firstRun.logs)
    const loggedKeys = lines.filter((l) => l.message === 'records parked').map((l) => String(l.key))
    const stored: string[] = []
    for (const b of BROKEN) stored.push(...ofBatch(await parkedObjects(bucketClient, bucket, source, b.id), 1).map((o) => o.key))
    assert.deepEqual(loggedKeys.sort(), stored.sort(), 'a "records parked" line names each object')
    for (const b of BROKEN) {
      const parkedMetric = lines.filter((l) => l._aws && l.Target === b.id).reduce((sum, l) => sum + Number(l.Parked ?? 0), 0)
      assert.equal(parkedMetric, RECORDS, `${b.id}: EMF Parked counts the parked records`)
    }
  })

  it('a second batch to the dead targets makes no call to them (circuit open) and parks their records', async () => {
    const ok = standIn.tally.count(healthy().label, second.map((_, n) => RECORDS + n))
    const calls = BROKEN.map((b) => `${b.id} ${standIn.callsTo(b.type, destinationName(b)) - callsAfterFirst[b.id]}`)
    summary('parking, second batch (circuit open)', {
      deadlineMs: TIMEOUT_MS,
      duplicated: ok.duplicated,
      extra: `calls to the broken targets: ${calls.join(', ')}; batchItemFailures ${JSON.stringify(secondRun.value?.batchItemFailures ?? secondRun.error)}`,
      invocations: 1,
      lost: ok.lost,
      maxHandlerMs: secondRun.handlerMs,
      overruns: secondRun.overrun ? 1 : 0,
      records: RECORDS,
    })
    assert.deepEqual(secondRun.value, {batchItemFailures: []})
    assert.deepEqual([ok.lost, ok.duplicated], [0, 0], 'the healthy target has every record of the second batch once')
    for (const b of BROKEN) {
      assert.equal(standIn.callsTo(b.type, destinationName(b)), callsAfterFirst[b.id], `${b.id}: no call while the circuit is open`)
      checkParked(ofBatch(await parkedObjects(bucketClient, bucket, source, b.id), 2), b, second, RECORDS + 1, ['circuit-open'])
    }
  })

  it('replay (bin/run.js) delivers every parked record once the targets are back, deletes the objects; a second replay finds nothing', async () => {
    await standIn.heal()
    const env = {
      ...functionEnv(table, standIn),
      // The CLI resolves the bucket from the flag, and its S3 and table calls go to moto.
      AWS_ENDPOINT_URL_DYNAMODB: MOTO_ENDPOINT,
      AWS_ENDPOINT_URL_S3: MOTO_ENDPOINT,
    }
    // One mapping per target type (the denied one: its objects hold reason refused and
    // circuit-open; a throttled mapping's go through the same replay path of the same type), four
    // replays at a time (each is a CLI process; the mappings' objects are independent).
    const replayed = BROKEN.filter((b) => b.reason === 'refused')
    const replayOne = async (b: Broken) => {
      const args = ['replay', '--id', b.id, '--source-arn', source, '--parking-bucket', bucket, '--table', table, '--json']
      const firstReplay = await runCli(args, {env})
      const delivered = standIn.tally.count(broken(b).label, [...first, ...second].map((_, seq) => seq))
      const left = await parkedObjects(bucketClient, bucket, source, b.id)
      const again = await runCli(args, {env})
      return {again, b, delivered, firstReplay, left}
    }
    const runs: Array<Awaited<ReturnType<typeof replayOne>>> = []
    const started = Date.now()
    for (let n = 0; n < replayed.length; n += 4) runs.push(...(await Promise.all(replayed.slice(n, n + 4).map(replayOne))))
    const json = (text: string): unknown => {
      try {
        return JSON.parse(text)
      } catch {
        return text.slice(0, 200)
      }
    }
    summary('replay after the targets are back', {
      deadlineMs: 0,
      duplicated: runs.reduce((sum, r) => sum + r.delivered.duplicated, 0),
      extra: runs
        .map((r) => `${r.b.id}: exit ${r.firstReplay.code} ${JSON.stringify(json(r.firstReplay.stdout))} lost ${r.delivered.lost}, ${r.left.length} objects left, again exit ${r.again.code} ${JSON.stringify(json(r.again.stdout))}`)
        .join('; '),
      invocations: 0,
      lost: runs.reduce((sum, r) => sum + r.delivered.lost, 0),
      maxHandlerMs: 0,
      records: 2 * RECORDS * replayed.length,
    })
    console.log(`      [faults] replay of ${replayed.length} mappings (twice each) took ${Date.now() - started} ms`)
    for (const {again, b, delivered, firstReplay, left} of runs) {
      assert.equal(firstReplay.code, 0, `${b.id}: replay exits 0: ${firstReplay.stderr}`)
      assert.deepEqual(json(firstReplay.stdout), {objects: (json(firstReplay.stdout) as {objects?: unknown}).objects, remaining: 0, replayed: 2 * RECORDS}, `${b.id}: every parked record replayed`)
      assert.deepEqual(delivered.missing, [], `${b.id}: every parked record reached the target`)
      assert.deepEqual(left, [], `${b.id}: the replayed objects are deleted`)
      assert.equal(again.code, 0, again.stderr)
      assert.deepEqual(json(again.stdout), {objects: 0, remaining: 0, replayed: 0}, `${b.id}: a second replay finds nothing`)
    }
  })

  // The cool-down starts at 5 s after the first parking (reason refused / expired); the circuit-open
  // parkings of the second batch are not failures of the target and do not lengthen it.
  it('after the cool-down, one batch probes the healed targets and closes the circuit: they get the next batch', async () => {
    await standIn.heal()
    const wait = firstRun.endedAt + 5_500 - Date.now()
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
    const before = Object.fromEntries(BROKEN.map((b) => [b.id, standIn.callsTo(b.type, destinationName(b))]))
    const keysBefore = (await parkedKeys(bucketClient, bucket, source)).length
    const out = await fn.invoke(kinesisEvent(source, third, 2 * RECORDS + 1))
    const figures = BROKEN.map((b) => ({b, ...standIn.tally.count(broken(b).label, third.map((_, n) => 2 * RECORDS + n))}))
    summary('circuit probe after the cool-down', {
      deadlineMs: TIMEOUT_MS,
      duplicated: figures.reduce((sum, f) => sum + f.duplicated, 0),
      extra: figures.map((f) => `${f.b.id} lost ${f.lost}, calls ${standIn.callsTo(f.b.type, destinationName(f.b)) - before[f.b.id]}`).join('; '),
      invocations: 1,
      lost: figures.reduce((sum, f) => sum + f.lost, 0),
      maxHandlerMs: out.handlerMs,
      overruns: out.overrun ? 1 : 0,
      records: PROBE_RECORDS * BROKEN.length,
    })
    assert.deepEqual(out.value, {batchItemFailures: []})
    assert.deepEqual(fn.crashes, [], 'no container crashed')
    for (const f of figures) assert.deepEqual([f.b.id, f.lost], [f.b.id, 0], `${f.b.id}: the probe and the rest of the batch reach the healed target`)
    assert.equal((await parkedKeys(bucketClient, bucket, source)).length, keysBefore, 'nothing more is parked')
  })

  it('a parking bucket that cannot be written: the records are reported failed, never lost', async () => {
    const src = kinesisStreamArn(`faults-no-such-bucket-${suffix()}`)
    const t = `no-such-bucket-${suffix()}`
    await putMapping(ddb, table, src, 'ok', 'kinesis', `k-ok-${t}`)
    await putMapping(ddb, table, src, 'dead', 'kinesis', `k-dead-${t}`, {parkAfter: 0})
    standIn.schedule([{destination: `k-dead-${t}`, mode: 'deny', protocol: 'kinesis'}])
    const f = new LambdaFunction({env: functionEnv(table, standIn, {FANOUT_PARKING_BUCKET: `missing-${suffix()}`}), timeoutMs: TIMEOUT_MS, warm: false})
    try {
      const out = await f.invoke(kinesisEvent(src, faultInputs(t, 20), 1))
      // Not lost: named for retry (the checkpoint at the first record), or else unaccounted for.
      const lost = out.value?.batchItemFailures[0]?.itemIdentifier === sequenceNumber(1) ? 0 : 20
      summary('parking bucket missing', {deadlineMs: TIMEOUT_MS, duplicated: 0, extra: `batchItemFailures ${JSON.stringify(out.value?.batchItemFailures ?? out.error)}`, invocations: 1, lost, maxHandlerMs: out.handlerMs, overruns: out.overrun ? 1 : 0, records: 20})
      assert.equal(out.overrun, false)
      assert.deepEqual(out.value, {batchItemFailures: [{itemIdentifier: sequenceNumber(1)}]}, 'the records that could not be parked hold the checkpoint')
    } finally {
      await f.close()
      standIn.schedule([])
    }
    assert.deepEqual(f.crashes, [], 'no container crashed')
  })

  it('records the target can never take (over 1 MiB for kinesis, no partition key) are parked as undeliverable, the others delivered', async () => {
    const src = kinesisStreamArn(`faults-undeliverable-${suffix()}`)
    const t = `undeliverable-${suffix()}`
    await putMapping(ddb, table, src, 'kinesis', 'kinesis', `k-${t}`)
    const records = faultInputs(t, 12)
    records[4] = {...records[4], data: faultRecord(4, 1024 * 1024 + 1)}
    const event = kinesisEvent(src, records, 1)
    // A record without a partition key (a poison pill for PutRecords).
    delete (event.Records[8].kinesis as {partitionKey?: string}).partitionKey
    const f = new LambdaFunction({env: functionEnv(table, standIn, {FANOUT_PARKING_BUCKET: bucket}), timeoutMs: TIMEOUT_MS, warm: false})
    try {
      const out = await f.invoke(event)
      const lines = (await parkedObjects(bucketClient, bucket, src, 'kinesis')).flatMap((o) => o.lines)
      const parked = new Map(lines.map((l) => [String(l.sequenceNumber), l]))
      const acked = standIn.tally.acked.get(`kinesis:k-${t}`) ?? new Map<number, number>()
      // Each record is at the target or parked (the oversized one can only be parked), or named for retry.
      const checkpoint = out.value?.batchItemFailures[0] ? event.Records.findIndex((r) => r.kinesis.sequenceNumber === out.value!.batchItemFailures[0].itemIdentifier) : records.length
      const lost = records.filter((_, n) => !acked.has(n) && !parked.has(sequenceNumber(n + 1)) && n < checkpoint).length
      summary('undeliverable records parked', {
        deadlineMs: TIMEOUT_MS,
        duplicated: [...acked.values()].reduce((sum, c) => sum + c - 1, 0),
        extra: `parked ${[...parked.values()].map((l) => `${String(l.sequenceNumber).slice(-2)}:${String(l.reason)}`).join(', ') || 'none'}; held for retry ${records.length - checkpoint}; batchItemFailures ${JSON.stringify(out.value?.batchItemFailures ?? out.error)}`,
        invocations: 1,
        lost,
        maxHandlerMs: out.handlerMs,
        overruns: out.overrun ? 1 : 0,
        records: records.length,
      })
      assert.deepEqual(out.value, {batchItemFailures: []})
      assert.equal(lost, 0, 'every record delivered or parked')
      assert.equal(parked.get(sequenceNumber(5))?.reason, 'undeliverable', 'the record over 1 MiB is parked as undeliverable')
      assert.equal(Buffer.from(String(parked.get(sequenceNumber(5))?.data), 'base64').toString(), String(records[4].data))
      assert.deepEqual([...parked.values()].filter((l) => l.reason !== 'undeliverable'), [], 'nothing else is parked')
      assert.deepEqual([...acked.keys()].filter((seq) => seq === 4), [], 'the oversized record is not sent')
    } finally {
      await f.close()
    }
    assert.deepEqual(f.crashes, [], 'no container crashed')
  })

  it('DynamoDB Streams (convertDDB) and KPL-aggregated (deaggregate) sources: what the target was to receive is parked, per user record', async () => {
    const t = `shapes-${suffix()}`
    const ddbSource = dynamodbStreamArn(`faults-${t}`)
    const kplSource = kinesisStreamArn(`faults-kpl-${t}`)
    for (const [src, extra] of [
      [ddbSource, {convertDDB: true}],
      [kplSource, {deaggregate: true}],
    ] as const) {
      await putMapping(ddb, table, src, 'ok', 'kinesis', `k-ok-${t}-${src.includes('dynamodb') ? 'ddb' : 'kpl'}`, extra)
      await putMapping(ddb, table, src, 'dead', 'kinesis', `k-dead-${t}-${src.includes('dynamodb') ? 'ddb' : 'kpl'}`, {...extra, parkAfter: 0})
    }
    standIn.schedule([
      {destination: `k-dead-${t}-ddb`, mode: 'deny', protocol: 'kinesis'},
      {destination: `k-dead-${t}-kpl`, mode: 'deny', protocol: 'kinesis'},
    ])
    const images = Array.from({length: 10}, (_, seq) => ({keys: {id: {S: `id-${seq}`}}, newImage: {id: {S: `id-${seq}`}, seq: {N: String(seq)}}}))
    const users = faultInputs(`kpl-${t}`, 10).map((input) => ({data: String(input.data), partitionKey: input.partitionKey!}))
    const aggregated = await aggregate(users)
    const event = {Records: [...dynamodbEvent(ddbSource, images).Records, ...kinesisEvent(kplSource, aggregated).Records]}
    const f = new LambdaFunction({env: functionEnv(table, standIn, {FANOUT_PARKING_BUCKET: bucket}), timeoutMs: TIMEOUT_MS, warm: false})
    try {
      const out = await f.invoke(event)
      const ddbLines = (await parkedObjects(bucketClient, bucket, ddbSource, 'dead')).flatMap((o) => o.lines)
      const kplLines = (await parkedObjects(bucketClient, bucket, kplSource, 'dead')).flatMap((o) => o.lines)
      const okDdb = standIn.tally.count(`kinesis:k-ok-${t}-ddb`, [...Array(10).keys()])
      const okKpl = standIn.tally.count(`kinesis:k-ok-${t}-kpl`, [...Array(10).keys()])
      summary('DynamoDB and KPL sources parked', {
        deadlineMs: TIMEOUT_MS,
        duplicated: okDdb.duplicated + okKpl.duplicated,
        extra: `parked lines: dynamodb ${ddbLines.length}, kpl ${kplLines.length} (${aggregated.length} aggregated records); batchItemFailures ${JSON.stringify(out.value?.batchItemFailures ?? out.error)}`,
        invocations: 1,
        lost: okDdb.lost + okKpl.lost + Math.max(0, 10 - ddbLines.length) + Math.max(0, 10 - kplLines.length),
        maxHandlerMs: out.handlerMs,
        overruns: out.overrun ? 1 : 0,
        records: 20,
      })
      assert.deepEqual(out.value, {batchItemFailures: []})
      assert.deepEqual([okDdb.lost, okKpl.lost], [0, 0], 'the healthy targets have every record')
      // DynamoDB: the converted image, keyed by the stream record's sequence number.
      assert.deepEqual(
        ddbLines.map((l) => [l.sequenceNumber, JSON.parse(Buffer.from(String(l.data), 'base64').toString())]),
        images.map((_, seq) => [String(100_000_000_000 + seq + 1), {id: `id-${seq}`, seq}]),
      )
      // KPL: one line per user record, its own bytes and partition key, the aggregate's sequence number and its sub-sequence number.
      assert.deepEqual(
        kplLines.map((l) => [Buffer.from(String(l.data), 'base64').toString(), l.partitionKey]),
        users.map((u) => [u.data, u.partitionKey]),
      )
      assert.ok(kplLines.every((l) => typeof l.subSequenceNumber === 'number' || typeof l.subSequenceNumber === 'string'), 'user records carry subSequenceNumber')
    } finally {
      await f.close()
      standIn.schedule([])
    }
    assert.deepEqual(f.crashes, [], 'no container crashed')
  })

  describe('blocking behaviour kept', () => {
    async function blocked(name: string, parkAfter: number, env: Record<string, string>) {
      const src = kinesisStreamArn(`faults-${name}-${suffix()}`)
      const t = `${name}-${suffix()}`
      await putMapping(ddb, table, src, 'ok', 'kinesis', `k-ok-${t}`)
      await putMapping(ddb, table, src, 'dead', 'kinesis', `k-dead-${t}`, {parkAfter})
      standIn.schedule([{destination: `k-dead-${t}`, mode: 'deny', protocol: 'kinesis'}])
      const f = new LambdaFunction({env: functionEnv(table, standIn, env), timeoutMs: TIMEOUT_MS, warm: false})
      try {
        const out = await f.invoke(kinesisEvent(src, faultInputs(t, 20), 1))
        const parked = await parkedKeys(bucketClient, bucket, src)
        const held = out.value?.batchItemFailures[0]?.itemIdentifier === sequenceNumber(1)
        summary(`blocking: ${name}`, {
          deadlineMs: TIMEOUT_MS,
          duplicated: 0,
          extra: `batchItemFailures ${JSON.stringify(out.value?.batchItemFailures ?? out.error)}, parked objects ${parked.length}`,
          invocations: 1,
          lost: held || parked.length ? 0 : 20,
          maxHandlerMs: out.handlerMs,
          overruns: out.overrun ? 1 : 0,
          records: 20,
        })
        assert.equal(out.overrun, false)
        assert.deepEqual(out.value, {batchItemFailures: [{itemIdentifier: sequenceNumber(1)}]}, 'the dead target holds the checkpoint at the first record')
        assert.deepEqual(parked, [], 'nothing parked')
        assert.equal(standIn.tally.count(`kinesis:k-ok-${t}`, [...Array(20).keys()]).lost, 0, 'the healthy target still got the batch')
      } finally {
        await f.close()
        standIn.schedule([])
      }
      assert.deepEqual(f.crashes, [], 'no container crashed')
    }

    it('parkAfter -1 with a parking bucket: batchItemFailures at the first record, nothing parked', () => blocked('park-never', -1, {FANOUT_PARKING_BUCKET: bucket}))

    it('no FANOUT_PARKING_BUCKET (parkAfter 0): batchItemFailures at the first record, nothing parked', () => blocked('no-bucket', 0, {}))
  })
})
