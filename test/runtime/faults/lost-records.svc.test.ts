// Faults, records lost: every target type behind a fault stand-in (HTTP APIs) or a fault proxy
// (the real Redis and memcached), the packaged handler, Lambda's retry-from-checkpoint replayed in
// a warm container and with a fresh container per invocation. Per fault mode: the first invocation
// meets the fault on every call, the second on 30% of the calls, then the targets are healthy. No
// parking bucket: a target that did not acknowledge a record must hold the checkpoint back, so when
// the loop ends every record is at every target: 0 lost (docs/runtime.md, "Delivery").
//
// Where a mode does not apply to a target type it stays healthy in that scenario:
// - iot: Publish's success is a 200 whose body means nothing, so `{}`, an HTML page or a "shorter
//   list" cannot be told from success (and a Publish carries one payload: no list to shorten);
// - lambda: one payload per Invoke, acknowledged by the 202 alone: no list to shorten or blank;
// - blank (every entry listed, none acknowledged: no SequenceNumber / RecordId / status, or ids that
//   were not sent) applies to the batch APIs: kinesis, firehose, sqs, sns, es;
// - redis, memcached: only connection faults (refuse, reset, hang); no HTTP answers.
import assert from 'node:assert/strict'
import type {DynamoDBClient} from '@aws-sdk/client-dynamodb'
import {startFaultStandIn, type FaultMode, type FaultStandIn, type Protocol} from '../../helpers/fault-standin.js'
import {startFaultProxy, type FaultProxy} from '../../helpers/fault-standin-tcp.js'
import {kinesisStreamArn} from '../../helpers/events.js'
import {suffix} from '../fixtures.js'
import {ALL_TYPES, faultTable, cacheHolds, destinationFor, faultInputs, functionEnv, HTTP_TYPES, MEMCACHED_ADDRESS, putMapping, REDIS_ADDRESS, type TargetType} from './fixtures.js'
import {LambdaFunction, replayShard, summary} from './lambda-loop.js'

const RECORDS = 120
const TIMEOUT_MS = 3_000

type Mode = Exclude<FaultMode, 'healthy' | 'deny'>

/** The target types each mode is applied to (the others stay healthy). */
const APPLIES: Record<Mode, TargetType[]> = {
  empty: ['kinesis', 'firehose', 'sqs', 'sns', 'lambda', 'es'],
  garbage: HTTP_TYPES,
  hang: ALL_TYPES,
  html: ['kinesis', 'firehose', 'sqs', 'sns', 'lambda', 'es'],
  refuse: ALL_TYPES,
  reset: ALL_TYPES,
  short: ['kinesis', 'firehose', 'sqs', 'sns', 'es'],
  blank: ['kinesis', 'firehose', 'sqs', 'sns', 'es'],
  throttle: HTTP_TYPES,
}

const MODES: Mode[] = ['refuse', 'reset', 'hang', 'throttle', 'garbage', 'empty', 'html', 'short', 'blank']

describe('faults: no record lost under refused, reset, hung, throttled, 500-garbage, 200-empty, 200-HTML, shorter and blank answers (packaged handler)', function () {
  this.timeout(600_000)
  let ddb: DynamoDBClient
  const table = `faults-lost-${suffix()}`
  const closers: Array<() => Promise<void>> = []

  before(async function () {
    ddb = await faultTable(this, table)
  })
  after(async () => {
    ddb?.destroy()
    for (const close of closers) await close()
  })

  async function scenario(mode: Mode, warm: boolean) {
    const tag = `${mode}-${warm ? 'warm' : 'fresh'}-${suffix()}`
    const [standIn, redis, memcached] = await Promise.all([startFaultStandIn({seed: 31}), startFaultProxy(REDIS_ADDRESS), startFaultProxy(MEMCACHED_ADDRESS)])
    closers.push(() => standIn.close(), () => redis.close(), () => memcached.close())
    const targets = {memcached, redis, standIn}
    const source = kinesisStreamArn(`faults-${tag}`)
    for (const type of ALL_TYPES) await putMapping(ddb, table, source, type, type, destinationFor(type, tag, targets).destination)
    const inputs = faultInputs(tag, RECORDS)
    const fn = new LambdaFunction({env: functionEnv(table, standIn), timeoutMs: TIMEOUT_MS, warm})
    closers.push(() => fn.close())
    const applied = APPLIES[mode]
    const http = applied.filter((type): type is Protocol => (HTTP_TYPES as TargetType[]).includes(type))
    const caches = applied.filter((type): type is 'redis' | 'memcached' => type === 'redis' || type === 'memcached')
    const proxies: Record<'redis' | 'memcached', FaultProxy> = {memcached, redis}

    const run = await replayShard({
      async before(invocation) {
        if (invocation === 1) {
          if (mode === 'refuse') await standIn.refuse()
          else standIn.schedule(http.map((protocol) => ({mode, protocol})))
          for (const cache of caches) await proxies[cache].set(mode as 'refuse' | 'reset' | 'hang')
        } else if (invocation === 2 && mode !== 'refuse') {
          await Promise.all(caches.map((cache) => proxies[cache].heal()))
          standIn.schedule(http.map((protocol) => ({mode, protocol, share: 0.3})))
        } else {
          await Promise.all([standIn.heal(), ...caches.map((cache) => proxies[cache].heal())])
        }
      },
      fn,
      inputs,
      source,
    })
    await fn.close()
    return {caches: {memcached, redis}, crashes: fn.crashes, inputs, run, standIn, tag, targets}
  }

  async function count(tag: string, type: TargetType, standIn: FaultStandIn, inputs: ReturnType<typeof faultInputs>, proxies: Record<'redis' | 'memcached', FaultProxy>) {
    const expected = inputs.map((_, seq) => seq)
    if (type === 'redis' || type === 'memcached') {
      const held = await cacheHolds(type, tag, inputs)
      const written = proxies[type].written
      let duplicated = 0
      for (const seq of expected) duplicated += Math.max(0, (written.get(seq) ?? 0) - 1)
      return {duplicated, lost: expected.filter((seq) => !held.has(seq)).length}
    }
    return standIn.tally.count(destinationFor(type, tag, {standIn}).label, expected)
  }

  for (const mode of MODES) {
    for (const warm of [true, false]) {
      it(`${mode}: every record at every target once the targets are back (${warm ? 'warm container' : 'fresh container per invocation'})`, async () => {
        const {caches, crashes, inputs, run, standIn, tag} = await scenario(mode, warm)
        const perType: string[] = []
        let lost = 0
        let duplicated = 0
        const losses: string[] = []
        for (const type of ALL_TYPES) {
          const figures = await count(tag, type, standIn, inputs, caches)
          lost += figures.lost
          duplicated += figures.duplicated
          perType.push(`${type} ${figures.lost}/${figures.duplicated}`)
          if (figures.lost) losses.push(`${type} lost ${figures.lost}`)
        }
        summary(`${mode} (${warm ? 'warm' : 'fresh'})`, {
          crashes: crashes.length,
          deadlineMs: TIMEOUT_MS,
          duplicated,
          extra: `lost/duplicated per target: ${perType.join(', ')}; checkpoints ${run.checkpoints.join(',') || '-'}${crashes.length ? `; crashes: ${[...new Set(crashes)].join(' | ')}` : ''}`,
          invocations: run.invocations,
          lost,
          maxHandlerMs: run.maxHandlerMs,
          overruns: run.overruns,
          records: RECORDS * ALL_TYPES.length,
        })
        assert.equal(run.from, RECORDS, `the retry loop ended with every record reported handled (stopped at record ${run.from} after ${run.invocations} invocations)`)
        assert.deepEqual(losses, [], 'no target lost a record')
        assert.equal(run.overruns, 0, 'no invocation overran its deadline')
        assert.deepEqual(crashes, [], 'no container crashed')
      })
    }
  }
})
