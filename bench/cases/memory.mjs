// Benchmark case: peak RSS of the packaged handler on a 10,000-record batch of about 6 MB (Lambda's
// invocation payload limit) with five mappings, in a child process under the heap limits Lambda's
// Node bootstrap derives for a 128 MB function (--max-semi-space-size=6 --max-old-space-size=116),
// at each of 5 invocations of one process (a warm container), with the V8 heap in use, the memory
// outside it (external) and the Buffers' share of that (arrayBuffers) right after each invocation.
// Each invocation parses the event text afresh, as Lambda's runtime does. The targets are the local
// endpoint (answers every call), so the figure is the runtime's own memory.
//
// Run twice: as deploy sets the function up (MALLOC_TRIM_THRESHOLD_ in its environment, so glibc
// trims freed memory at once; docs/runtime.md "Memory between invocations" says why), and without
// it (a function deployed by other means): glibc then keeps 20-40 MB of freed memory in the process.
import {fileURLToPath, pathToFileURL} from 'node:url'
import {AWS_ENV, BUNDLE, ACCOUNT, kinesisEvent, round, startEndpoint, streamArn, runChild} from '../lib/common.mjs'

const RECORDS = 10_000
/** Record bytes such that the event's JSON is 5.97 MB (the figure of issue 9), under Lambda's 6 MB. */
const RECORD_BYTES = 95
const INVOCATIONS = 5
const HEAP_FLAGS = ['--max-semi-space-size=6', '--max-old-space-size=116']
/** Lambda's 128 MB. */
const LIMIT_MB = 128
const MALLOC_TRIM = {MALLOC_TRIM_THRESHOLD_: '131072'}
const here = fileURLToPath(import.meta.url)

async function variant(env) {
  const saved = {...process.env}
  Object.assign(process.env, env)
  try {
    return await runChild(here, 'memory', HEAP_FLAGS)
  } finally {
    for (const key of Object.keys(env)) {
      if (key in saved) process.env[key] = saved[key]
      else delete process.env[key]
    }
  }
}

export async function run() {
  const asDeployed = await variant(MALLOC_TRIM)
  const withoutMallocTrim = await variant({})
  return {env: MALLOC_TRIM, ...asDeployed, underLimit: asDeployed.peakRssMb.max < LIMIT_MB, withoutMallocTrim: summary(withoutMallocTrim)}
}

const summary = ({beforeFirstMb, invocations, peakRssMb}) => ({beforeFirstMb, invocations, peakRssMb, underLimit: peakRssMb.max < LIMIT_MB})

const MB = 1024 * 1024

function usageMb() {
  const {arrayBuffers, external, heapUsed, rss} = process.memoryUsage()
  return {arrayBuffers: round(arrayBuffers / MB), external: round(external / MB), heapUsed: round(heapUsed / MB), rss: round(rss / MB)}
}

async function child() {
  const endpoint = await startEndpoint()
  const source = streamArn('bench-memory')
  const queue = `${endpoint.url}/${ACCOUNT}/bench`
  const row = (id, extra) => ({active: true, id, sourceArn: source, ...extra})
  await endpoint.setMappings({
    [source]: [
      row('kinesis-a', {destination: 'bench-a', type: 'kinesis'}),
      row('kinesis-b', {destination: 'bench-b', type: 'kinesis'}),
      row('sqs-none', {collapse: 'none', destination: queue, type: 'sqs'}),
      row('sqs-json', {collapse: 'JSON', destination: queue, type: 'sqs'}),
      row('sqs-b64', {collapse: 'concat-b64', destination: queue, type: 'sqs'}),
    ],
  })
  Object.assign(process.env, {...AWS_ENV, AWS_ENDPOINT_URL: endpoint.url, AWS_LAMBDA_FUNCTION_NAME: 'bench', FANOUT_LOG_LEVEL: 'warn', FANOUT_TABLE: 'benchTargets'})
  const write = process.stdout.write.bind(process.stdout)
  process.stdout.write = () => true
  const text = JSON.stringify(kinesisEvent(source, RECORDS, RECORD_BYTES))
  const {handler} = await import(pathToFileURL(BUNDLE).href)
  const context = {getRemainingTimeInMillis: () => 300_000}
  const before = process.memoryUsage()
  const invocations = []
  for (let i = 0; i < INVOCATIONS; i++) {
    let peak = process.memoryUsage.rss()
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 2)
    const started = performance.now()
    const out = await handler(JSON.parse(text), context)
    const ms = performance.now() - started
    clearInterval(sampler)
    peak = Math.max(peak, process.memoryUsage.rss())
    if (out.batchItemFailures.length) throw new Error('records not delivered')
    const after = usageMb()
    // A turn of the event loop later, where Lambda's runtime asks for the next event (and the
    // function's collection after a large batch has run).
    await new Promise(setImmediate)
    invocations.push({afterMb: after, betweenMb: usageMb(), ms: round(ms), peakRssMb: round(peak / MB)})
  }
  endpoint.close()
  const peaks = invocations.map((invocation) => invocation.peakRssMb)
  const result = {
    batch: {eventBytes: Buffer.byteLength(text), mappings: 5, records: RECORDS},
    beforeFirstMb: {heapUsed: round(before.heapUsed / MB), rss: round(before.rss / MB)},
    heapFlags: HEAP_FLAGS.join(' '),
    invocations,
    peakRssMb: {first: peaks[0], max: Math.max(...peaks), perInvocation: peaks},
  }
  write(`__BENCH__ ${JSON.stringify(result)}\n`)
  process.exit(0)
}

if (process.argv.includes('--child')) await child()
else if (process.argv[1] === here) console.log(JSON.stringify(await run(), null, 2))
