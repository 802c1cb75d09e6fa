// Benchmark case: the cost of a mapping's filter (issue 10). The packaged handler against the local
// endpoint, a 4,000-record batch of 1 KiB JSON records to one kinesis mapping: CPU ms per batch
// (median of warm runs, interleaved) without a filter, with a filter every record matches (the
// whole cost of parsing and matching: the same records are sent), and with one that half the
// records match. Runs in a child process so its environment does not leak into other cases.
import {fileURLToPath, pathToFileURL} from 'node:url'
import {AWS_ENV, BUNDLE, kinesisEvent, measureInterleaved, ROOT, round, startEndpoint, streamArn, runChild} from '../lib/common.mjs'

const RECORDS = 4000
const RECORD_BYTES = 1024
const RUNS = 15
const WARMUP = 3
const here = fileURLToPath(import.meta.url)

export const run = () => runChild(here, 'filter')

const FILTERS = {
  // Every record has n >= 0: the filter's full cost, the same delivery.
  matchAll: '{"data":{"n":[{"numeric":[">=",0]}]}}',
  // Half the records.
  matchHalf: `{"data":{"n":[{"numeric":["<",${RECORDS / 2}]}]}}`,
}

async function child() {
  const endpoint = await startEndpoint()
  const sources = {matchAll: streamArn('bench-filter-all'), matchHalf: streamArn('bench-filter-half'), none: streamArn('bench-filter-none')}
  const row = (sourceArn, extra) => ({active: true, destination: 'bench-out', id: 'kinesis', sourceArn, type: 'kinesis', ...extra})
  await endpoint.setMappings({
    [sources.none]: [row(sources.none, {})],
    [sources.matchAll]: [row(sources.matchAll, {filter: FILTERS.matchAll})],
    [sources.matchHalf]: [row(sources.matchHalf, {filter: FILTERS.matchHalf})],
  })
  Object.assign(process.env, {...AWS_ENV, AWS_ENDPOINT_URL: endpoint.url, AWS_LAMBDA_FUNCTION_NAME: 'bench', FANOUT_LOG_LEVEL: 'warn', FANOUT_TABLE: 'benchTargets'})
  const write = process.stdout.write.bind(process.stdout)
  process.stdout.write = () => true
  const {handler} = await import(pathToFileURL(BUNDLE).href)
  const context = {getRemainingTimeInMillis: () => 300_000}
  // The same event objects each run (as the runtime case does): the records the runtime builds from
  // them, and the match documents cached on those, are new each invocation.
  const events = Object.fromEntries(Object.entries(sources).map(([name, arn]) => [name, kinesisEvent(arn, RECORDS, RECORD_BYTES)]))
  const invoke = (name) => async () => {
    const out = await handler(events[name], context)
    if (out.batchItemFailures.length) throw new Error(`${name}: records not delivered`)
  }
  const [none, matchAll, matchHalf] = await measureInterleaved([invoke('none'), invoke('matchAll'), invoke('matchHalf')], {runs: RUNS, warmup: WARMUP})
  endpoint.close()
  const result = {
    batch: {records: RECORDS, recordBytes: RECORD_BYTES, runs: RUNS, warmupRuns: WARMUP},
    filters: FILTERS,
    noFilter: {cpuMsPerBatch: round(none.cpuMs)},
    matchAll: {cpuMsPerBatch: round(matchAll.cpuMs), cpuRatioToNoFilter: round(matchAll.cpuMs / none.cpuMs, 3)},
    matchHalf: {cpuMsPerBatch: round(matchHalf.cpuMs), cpuRatioToNoFilter: round(matchHalf.cpuMs / none.cpuMs, 3)},
  }
  write(`__BENCH__ ${JSON.stringify(result)}\n`)
  process.exit(0)
}

if (process.argv.includes('--child')) await child()
else if (process.argv[1] === here) console.log(JSON.stringify(await run(), null, 2))
