// Faults, the deadline: 10,000 records and every target hanging (the fault stand-in accepts and
// never answers; the fault proxies in front of Redis and memcached swallow what they get). The
// packaged handler must return before the invocation's deadline every time (the container is
// killed at the deadline otherwise, and that is counted as an overrun), report the batch for retry
// from its first record, and send nothing after it returned. A hung configuration table must not
// overrun either, and its Query is named in a log line.
//
// 5 trials at 3 s carry all nine target types. The 10 s trials carry kinesis (JSON 1.1 via the
// SDK), sqs (10-entry batches: 1,000 calls to build and sign for 10,000 records, the heaviest
// path), es (the OpenSearch client, not the SDK), redis (ioredis) and memcached (memjs): every
// distinct abort path of the runtime, while the others (firehose, sns, lambda, iot) share the SDK
// path of kinesis and sqs that the 3 s trials already cover with all nine. A 10 s trial lasts 10 s
// whatever it carries; fewer targets keep the CPU the suite takes from the two shared cores down,
// so that an overrun measured here is the runtime's and not the neighbours'.
import assert from 'node:assert/strict'
import type {DynamoDBClient} from '@aws-sdk/client-dynamodb'
import {startFaultStandIn, type FaultStandIn} from '../../helpers/fault-standin.js'
import {startFaultProxy, type FaultProxy} from '../../helpers/fault-standin-tcp.js'
import {kinesisEvent, kinesisStreamArn, sequenceNumber} from '../../helpers/events.js'
import {MOTO_ENDPOINT} from '../../helpers/services.js'
import {suffix} from '../fixtures.js'
import {ALL_TYPES, faultTable, destinationFor, faultInputs, functionEnv, MEMCACHED_ADDRESS, putMapping, REDIS_ADDRESS, type TargetType} from './fixtures.js'
import {LambdaFunction, summary, type Invocation} from './lambda-loop.js'

const RECORDS = 10_000
const TRIALS = 5
/** The hung table: the same Query path every time, in a warm container that keeps no mapping. */
const TABLE_TRIALS = 3
/** A call that reaches a target this long after the handler returned was started after it returned. */
const LATE_MS = 250

describe('faults: the handler returns before its deadline with 10,000 records and every target hanging (packaged handler)', function () {
  this.timeout(600_000)
  let ddb: DynamoDBClient
  let standIn: FaultStandIn
  let redis: FaultProxy
  let memcached: FaultProxy
  const table = `faults-deadline-${suffix()}`

  before(async function () {
    ddb = await faultTable(this, table)
    ;[standIn, redis, memcached] = await Promise.all([startFaultStandIn(), startFaultProxy(REDIS_ADDRESS), startFaultProxy(MEMCACHED_ADDRESS)])
    standIn.schedule([{mode: 'hang'}])
    await Promise.all([redis.set('hang'), memcached.set('hang')])
  })
  after(async () => {
    ddb?.destroy()
    await Promise.all([standIn?.close(), redis?.close(), memcached?.close()])
  })

  /** Calls and cache bytes that arrived more than LATE_MS after the handler returned. */
  function lateCalls(out: Invocation): number {
    const late = standIn.history.filter((call) => call.at > out.endedAt + LATE_MS).length
    return late + [redis, memcached].filter((proxy) => proxy.lastDataAt > out.endedAt + LATE_MS).length
  }

  async function trials(timeoutMs: number, types: TargetType[]) {
    const tag = `${timeoutMs}-${suffix()}`
    const source = kinesisStreamArn(`faults-deadline-${tag}`)
    for (const type of types) await putMapping(ddb, table, source, type, type, destinationFor(type, tag, {memcached, redis, standIn}).destination)
    const event = kinesisEvent(source, faultInputs(tag, RECORDS, 200))
    const fn = new LambdaFunction({env: functionEnv(table, standIn), timeoutMs, warm: true})
    const times: number[] = []
    const labels: string[] = []
    let overruns = 0
    let late = 0
    const wrong: string[] = []
    try {
      for (let trial = 1; trial <= TRIALS; trial++) {
        const out = await fn.invoke(event)
        // Whatever the container still sends after it answered must show up before the next trial.
        await new Promise((resolve) => setTimeout(resolve, LATE_MS * 2))
        times.push(out.handlerMs)
        labels.push(`${out.handlerMs}${out.cold ? ' (cold)' : ''}${out.overrun ? ' killed' : ''}`)
        if (out.overrun) overruns++
        late += lateCalls(out)
        const failures = out.value?.batchItemFailures
        if (!out.overrun && failures?.[0]?.itemIdentifier !== sequenceNumber(1)) wrong.push(`trial ${trial}: ${JSON.stringify(out.value ?? out.error)}`)
      }
    } finally {
      await fn.close()
    }
    summary(`every target hanging, ${timeoutMs / 1000} s deadline, ${types.length} targets`, {
      crashes: fn.crashes.length,
      deadlineMs: timeoutMs,
      duplicated: 0,
      extra: `handler times ${labels.join(', ')} ms; calls started after the handler returned: ${late}${fn.crashes.length ? `; crashes: ${[...new Set(fn.crashes)].join(' | ')}` : ''}`,
      invocations: TRIALS,
      // Every target hangs: a record is safe when the batch is named for retry from its first record (or the invocation overran: Lambda retries it all).
      lost: wrong.length ? `${wrong.length} trials with a wrong checkpoint` : 0,
      maxHandlerMs: Math.max(...times),
      overruns,
      records: RECORDS,
    })
    assert.equal(overruns, 0, `${overruns} of ${TRIALS} invocations overran the ${timeoutMs} ms deadline (handler times ${labels.join(', ')} ms)`)
    assert.deepEqual(wrong, [], 'each invocation reports the batch for retry from its first record')
    assert.equal(late, 0, 'no call starts after the handler returned')
    assert.deepEqual(fn.crashes, [], 'no container crashed')
  }

  it(`3 s deadline, all nine target types: 0 overruns in ${TRIALS} trials`, () => trials(3_000, ALL_TYPES))

  it(`10 s deadline, kinesis, sqs, es, redis, memcached: 0 overruns in ${TRIALS} trials`, () => trials(10_000, ['kinesis', 'sqs', 'es', 'redis', 'memcached']))

  it('a hung configuration table: the handler returns before a 3 s deadline, reports the batch, and names the table', async () => {
    const hungTable = await startFaultProxy(new URL(MOTO_ENDPOINT).host)
    await hungTable.set('hang')
    const source = kinesisStreamArn(`faults-hung-table-${suffix()}`)
    const timeoutMs = 3_000
    const fn = new LambdaFunction({env: functionEnv(table, standIn, {AWS_ENDPOINT_URL_DYNAMODB: `http://${hungTable.address}`}), timeoutMs, warm: true})
    const times: number[] = []
    let overruns = 0
    const problems: string[] = []
    try {
      for (let trial = 1; trial <= TABLE_TRIALS; trial++) {
        const out = await fn.invoke(kinesisEvent(source, faultInputs('hung-table', 100)))
        times.push(out.handlerMs)
        if (out.overrun) {
          overruns++
          continue
        }
        if (out.value?.batchItemFailures[0]?.itemIdentifier !== sequenceNumber(1)) problems.push(`trial ${trial}: ${JSON.stringify(out.value ?? out.error)}`)
        if (!out.logs.some((line) => line.includes(table))) problems.push(`trial ${trial}: no log line names the table ${table}`)
      }
    } finally {
      await fn.close()
      await hungTable.close()
    }
    summary('hung configuration table, 3 s deadline', {crashes: fn.crashes.length, deadlineMs: timeoutMs, duplicated: 0, extra: `handler times ${times.join(', ')} ms`, invocations: TABLE_TRIALS, lost: problems.length ? `${problems.length} problems` : 0, maxHandlerMs: Math.max(...times), overruns, records: 100})
    assert.equal(overruns, 0, `${overruns} of ${TABLE_TRIALS} invocations overran (handler times ${times.join(', ')} ms)`)
    assert.deepEqual(problems, [])
    assert.deepEqual(fn.crashes, [], 'no container crashed')
  })
})
