// Benchmark case: the fan-out runtime (the bundle the deploy zip carries) against a local endpoint
// that answers every call, on a 4,000-record batch of 1 KiB JSON records: CPU ms per batch (median
// of warm runs), records/s and calls per record for a Kinesis target and an SQS target (collapse
// none and JSON), the same delivery by the bare AWS SDK v3 in the same process, the ratios, the
// cold start against the bare SDK, and the deploy zip size. Runs in a child process so its
// environment does not leak into other cases.
import {spawn} from 'node:child_process'
import {fileURLToPath, pathToFileURL} from 'node:url'
import {ACCOUNT, AWS_ENV, BUNDLE, kinesisEvent, measureInterleaved, median, ROOT, round, startEndpoint, streamArn, runChild} from '../lib/common.mjs'

const RECORDS = 4000
const RECORD_BYTES = 1024
const RUNS = 15
const WARMUP = 3
const COLD_RUNS = 7
const CONCURRENCY = 8
const here = fileURLToPath(import.meta.url)

export const run = () => runChild(here, 'runtime')

/** Sends the batches `concurrency` at a time (the runtime's parallel mappings do the same). */
async function pool(items, concurrency, fn) {
  let next = 0
  await Promise.all(Array.from({length: Math.min(concurrency, items.length)}, async () => {
    while (next < items.length) await fn(items[next++])
  }))
}

const chunks = (items, size) => Array.from({length: Math.ceil(items.length / size)}, (_, n) => items.slice(n * size, (n + 1) * size))

/** Runs fn with stdout silenced (the function's log and metric lines). */
async function quietly(fn) {
  const write = process.stdout.write
  process.stdout.write = () => true
  try {
    return await fn()
  } finally {
    process.stdout.write = write
  }
}

async function coldStart(script, env) {
  const walls = []
  const inProcess = []
  for (let i = 0; i < COLD_RUNS; i++) {
    const started = performance.now()
    const reported = await new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [`${ROOT}bench/lib/${script}`], {cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe']})
      let err = ''
      child.stderr.on('data', (c) => (err += c))
      child.on('close', (code) => (code === 0 ? resolve(Number(err.trim().split('\n').pop())) : reject(new Error(`${script}: ${err}`))))
    })
    walls.push(performance.now() - started)
    inProcess.push(reported)
  }
  return {processMs: round(median(walls)), untilDoneMs: round(median(inProcess))}
}

async function child() {
  const endpoint = await startEndpoint()
  const queue = `${endpoint.url}/${ACCOUNT}/bench`
  const sources = {json: streamArn('bench-sqs-json'), kinesis: streamArn('bench-kinesis'), none: streamArn('bench-sqs-none')}
  const row = (sourceArn, id, extra) => ({active: true, id, sourceArn, ...extra})
  await endpoint.setMappings({
    [sources.kinesis]: [row(sources.kinesis, 'kinesis', {destination: 'bench-out', type: 'kinesis'})],
    [sources.none]: [row(sources.none, 'sqs-none', {collapse: 'none', destination: queue, type: 'sqs'})],
    [sources.json]: [row(sources.json, 'sqs-json', {collapse: 'JSON', destination: queue, type: 'sqs'})],
    [streamArn('cold')]: [
      row(streamArn('cold'), 'kinesis', {destination: 'bench-out', type: 'kinesis'}),
      row(streamArn('cold'), 'sqs', {collapse: 'none', destination: queue, type: 'sqs'}),
    ],
  })
  const env = {...AWS_ENV, AWS_ENDPOINT_URL: endpoint.url, AWS_LAMBDA_FUNCTION_NAME: 'bench', FANOUT_LOG_LEVEL: 'warn', FANOUT_TABLE: 'benchTargets'}
  Object.assign(process.env, env)
  const context = {getRemainingTimeInMillis: () => 300_000}

  const {handler} = await import(pathToFileURL(BUNDLE).href)
  const {KinesisClient, PutRecordsCommand} = await import('@aws-sdk/client-kinesis')
  const {SQSClient, SendMessageBatchCommand} = await import('@aws-sdk/client-sqs')
  const {NodeHttpHandler} = await import('@smithy/node-http-handler')
  const {Agent} = await import('node:http')
  // The Kinesis client speaks HTTP/2 by default; a plain HTTP/1.1 endpoint needs the HTTP/1.1 handler.
  const requestHandler = new NodeHttpHandler({httpAgent: new Agent({keepAlive: true, maxSockets: 50})})
  const kinesis = new KinesisClient({requestHandler})
  const sqs = new SQSClient({requestHandler})

  const events = Object.fromEntries(Object.entries(sources).map(([name, arn]) => [name, kinesisEvent(arn, RECORDS, RECORD_BYTES)]))
  const decode = (event) => event.Records.map((r) => ({data: Buffer.from(r.kinesis.data, 'base64'), key: r.kinesis.partitionKey}))
  const bare = {
    json: null,
    kinesis: async () =>
      pool(chunks(decode(events.kinesis), 500), CONCURRENCY, (batch) =>
        kinesis.send(new PutRecordsCommand({Records: batch.map((r) => ({Data: r.data, PartitionKey: r.key})), StreamName: 'bench-out'})),
      ),
    none: async () =>
      pool(chunks(decode(events.none), 10), CONCURRENCY, (batch) =>
        sqs.send(new SendMessageBatchCommand({Entries: batch.map((r, n) => ({Id: String(n), MessageBody: r.data.toString('utf8')})), QueueUrl: queue})),
      ),
  }

  const results = {}
  for (const name of ['kinesis', 'none', 'json']) {
    const invoke = async () => {
      const out = await handler(events[name], context)
      if (out.batchItemFailures.length) throw new Error(`${name}: records not delivered`)
    }
    await endpoint.reset()
    await quietly(invoke)
    const calls = await endpoint.stats()
    const apiCalls = (calls.PutRecords ?? 0) + (calls.SendMessageBatch ?? 0)
    const [fanout, sdk] = await quietly(() => measureInterleaved(bare[name] ? [invoke, bare[name]] : [invoke], {runs: RUNS, warmup: WARMUP}))
    const entry = {
      callsPerRecord: round(apiCalls / RECORDS, 4),
      cpuMsPerBatch: round(fanout.cpuMs),
      recordsPerSecond: Math.round(RECORDS / (fanout.wallMs / 1000)),
    }
    if (sdk) {
      Object.assign(entry, {
        bareSdkCpuMsPerBatch: round(sdk.cpuMs),
        bareSdkRecordsPerSecond: Math.round(RECORDS / (sdk.wallMs / 1000)),
        cpuRatioToBareSdk: round(fanout.cpuMs / sdk.cpuMs, 2),
        cpuRatioToBareSdkPaired: round(fanout.pairedCpuRatio, 2),
      })
    }
    results[{json: 'sqsJson', kinesis: 'kinesis', none: 'sqsNone'}[name]] = entry
  }

  const childEnv = {PATH: process.env.PATH, ...env, BENCH_BUNDLE: pathToFileURL(BUNDLE).href, BENCH_QUEUE: queue}
  const coldBundle = await coldStart('cold-bundle.mjs', childEnv)
  const coldSdk = await coldStart('cold-sdk.mjs', childEnv)
  const {buildDeployZip} = await import(pathToFileURL(`${ROOT}dist/src/package/deploy-zip.js`).href)
  const zip = await buildDeployZip()
  endpoint.close()

  const summary = {
    batch: {records: RECORDS, recordBytes: RECORD_BYTES, runs: RUNS, warmupRuns: WARMUP},
    ...results,
    coldStart: {
      bareSdk: coldSdk,
      bundle: coldBundle,
      ratioToBareSdk: round(coldBundle.processMs / coldSdk.processMs, 2),
    },
    zip: {bundleBytes: zip.bundleBytes, zipBytes: zip.zip.length},
  }
  process.stdout.write(`__BENCH__ ${JSON.stringify(summary)}\n`)
  process.exit(0)
}

if (process.argv.includes('--child')) await child()
