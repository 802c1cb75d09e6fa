// Benchmark case: peak RSS of the packaged handler on a 10,000-record batch of about 6 MB (Lambda's
// invocation payload limit) with five mappings, in a child process under the heap limits Lambda's
// Node bootstrap derives for a 128 MB function (--max-semi-space-size=6 --max-old-space-size=116),
// at the first and the fifth invocation of one process (a warm container). Each invocation parses
// the event text afresh, as Lambda's runtime does. The targets are the local endpoint (answers
// every call), so the figure is the runtime's own memory.
import {fileURLToPath, pathToFileURL} from 'node:url'
import {AWS_ENV, BUNDLE, ACCOUNT, kinesisEvent, ROOT, round, startEndpoint, streamArn, runChild} from '../lib/common.mjs'

const RECORDS = 10_000
/** Record bytes such that the event's JSON is 5.97 MB (the figure of issue 9), under Lambda's 6 MB. */
const RECORD_BYTES = 95
const INVOCATIONS = 5
const HEAP_FLAGS = ['--max-semi-space-size=6', '--max-old-space-size=116']
const here = fileURLToPath(import.meta.url)

export const run = () => runChild(here, 'memory', HEAP_FLAGS)

const MB = 1024 * 1024

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
  const invocations = []
  for (let i = 0; i < INVOCATIONS; i++) {
    let peak = process.memoryUsage.rss()
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 2)
    const started = performance.now()
    const out = await handler(JSON.parse(text), context)
    clearInterval(sampler)
    peak = Math.max(peak, process.memoryUsage.rss())
    if (out.batchItemFailures.length) throw new Error('records not delivered')
    invocations.push({maxRssMb: round(process.resourceUsage().maxRSS / 1024), ms: round(performance.now() - started), peakRssMb: round(peak / MB)})
  }
  endpoint.close()
  const result = {
    batch: {eventBytes: Buffer.byteLength(text), mappings: 5, records: RECORDS},
    heapFlags: HEAP_FLAGS.join(' '),
    firstInvocation: invocations[0],
    fifthInvocation: invocations[INVOCATIONS - 1],
    invocations,
  }
  write(`__BENCH__ ${JSON.stringify(result)}\n`)
  process.exit(0)
}

if (process.argv.includes('--child')) await child()
else if (process.argv[1] === here) console.log(JSON.stringify(await run(), null, 2))
