// Benchmark case: the fan-out runtime (the bundle the deploy zip carries) against a local endpoint
// that answers every call (bench/lib/endpoint.mjs, its own process), on a 4,000-record batch of
// 1 KiB JSON records, for every AWS-addressed target type: kinesis and firehose (pass-through on,
// and off with FANOUT_PASSTHROUGH=off), sqs and sns collapse none (against a bare SDK that starts
// all calls at once and one that keeps 8 in flight), sqs collapse JSON, lambda, iot (collapse JSON:
// collapse none would make 4,000 Publish calls a batch) and es. Each target's function variants and
// bare baselines
// (bench/lib/bare-sdk.mjs) run interleaved in this process: CPU ms per batch (median), records/s,
// calls per record and the paired CPU ratio to each baseline. Runs in a child process so its
// environment does not leak into other cases.
import {fileURLToPath, pathToFileURL} from 'node:url'
import {ACCOUNT, childMain, AWS_ENV, BUNDLE, compareVariants, invokeOf, kinesisEvent, quietly, runChild, startEndpoint, streamArn, withEnv} from '../lib/common.mjs'

const RECORDS = 4000
const RECORD_BYTES = 1024
const RUNS = 15
/** sqs and sns collapse none make 400 calls a batch: fewer runs keep the bench near 4 minutes. */
const RUNS_400_CALLS = 11
const WARMUP = 3
const here = fileURLToPath(import.meta.url)

export const run = () => runChild(here, 'runtime')

async function child() {
  const endpoint = await startEndpoint()
  const queue = `${endpoint.url}/${ACCOUNT}/bench`
  const topicArn = `arn:aws:sns:us-east-1:${ACCOUNT}:bench`
  const iot = {endpoint: endpoint.url, topic: 'bench/records'}
  const es = {index: 'bench-index', node: endpoint.url}
  // The mapping rows (docs: DESIGN.md "Destinations and what each receives"), one source each.
  const rows = {
    es: {destination: `${es.node}#${es.index}`, type: 'es'},
    firehose: {destination: 'bench-firehose', type: 'firehose'},
    iot: {collapse: 'JSON', destination: `${iot.endpoint}#${iot.topic}`, type: 'iot'},
    kinesis: {destination: 'bench-out', type: 'kinesis'},
    lambda: {destination: 'bench-target', type: 'lambda'},
    snsNone: {collapse: 'none', destination: topicArn, type: 'sns'},
    sqsJson: {collapse: 'JSON', destination: queue, type: 'sqs'},
    sqsNone: {collapse: 'none', destination: queue, type: 'sqs'},
  }
  const sourceOf = (name) => streamArn(`bench-${name}`)
  await endpoint.setMappings(Object.fromEntries(Object.entries(rows).map(([name, row]) => [sourceOf(name), [{active: true, id: name, sourceArn: sourceOf(name), ...row}]])))
  Object.assign(process.env, {
    ...AWS_ENV,
    AWS_ENDPOINT_URL: endpoint.url,
    AWS_LAMBDA_FUNCTION_NAME: 'bench',
    FANOUT_CONFIG_TTL_SECONDS: '3600',
    FANOUT_LOG_LEVEL: 'warn',
    FANOUT_TABLE: 'benchTargets',
  })

  const {handler} = await import(pathToFileURL(BUNDLE).href)
  const {awsBaselines} = await import('../lib/bare-sdk.mjs')
  const bare = await awsBaselines({es, functionName: 'bench-target', iot, queue, topicArn})
  /** Target calls one run makes (the mapping Query is cached and not a target call). */
  const calls = async (run) => {
    await endpoint.reset()
    await run()
    const {Query = 0, ...targetCalls} = await endpoint.stats()
    return Object.values(targetCalls).reduce((a, b) => a + b, 0)
  }

  const passthroughOff = {FANOUT_PASSTHROUGH: 'off'}
  const plan = {
    kinesis: (fn, event) => ({
      ratios: {function: ['bareSdk'], functionPassthroughOff: ['bareSdk']},
      variants: {function: fn, functionPassthroughOff: withEnv(passthroughOff, fn), bareSdk: () => bare.kinesis(event)},
    }),
    firehose: (fn, event) => ({
      ratios: {function: ['bareSdk'], functionPassthroughOff: ['bareSdk']},
      variants: {function: fn, functionPassthroughOff: withEnv(passthroughOff, fn), bareSdk: () => bare.firehose(event)},
    }),
    sqsNone: (fn, event) => ({
      runs: RUNS_400_CALLS,
      ratios: {function: ['bareSdkAllAtOnce', 'bareSdk8InFlight']},
      variants: {function: fn, bareSdkAllAtOnce: () => bare.sqsAllAtOnce(event), bareSdk8InFlight: () => bare.sqsInFlight(event)},
    }),
    sqsJson: (fn, event) => ({ratios: {function: ['bareSdk']}, variants: {function: fn, bareSdk: () => bare.sqsJson(event)}}),
    snsNone: (fn, event) => ({
      runs: RUNS_400_CALLS,
      ratios: {function: ['bareSdkAllAtOnce', 'bareSdk8InFlight']},
      variants: {function: fn, bareSdkAllAtOnce: () => bare.snsAllAtOnce(event), bareSdk8InFlight: () => bare.snsInFlight(event)},
    }),
    lambda: (fn, event) => ({ratios: {function: ['bareSdk']}, variants: {function: fn, bareSdk: () => bare.lambda(event)}}),
    iot: (fn, event) => ({ratios: {function: ['bareSdk']}, variants: {function: fn, bareSdk: () => bare.iot(event)}}),
    es: (fn, event) => ({ratios: {function: ['bareSdk']}, variants: {function: fn, bareSdk: () => bare.es(event)}}),
  }

  const results = {}
  for (const [name, build] of Object.entries(plan)) {
    // One event per target, made before and dropped after its measurement.
    const event = kinesisEvent(sourceOf(name), RECORDS, RECORD_BYTES)
    const {variants, ratios, runs = RUNS} = build(invokeOf(handler, event, name), event)
    const started = performance.now()
    results[name] = await quietly(() => compareVariants({calls, ratios, records: RECORDS, runs, variants, warmup: WARMUP}))
    process.stderr.write(`bench runtime ${name}: ${Math.round((performance.now() - started) / 1000)} s\n`)
  }
  bare.close()
  endpoint.close()
  return {batch: {records: RECORDS, recordBytes: RECORD_BYTES, runs: RUNS, runsSqsSnsNone: RUNS_400_CALLS, warmupRuns: WARMUP}, ...results}
}

if (process.argv.includes('--child')) await childMain(child)
else if (process.argv[1] === here) console.log(JSON.stringify(await run(), null, 2))
