// Benchmark case: cold start and size of the deploy package, per function shape (the target types of
// the mappings: Kinesis only; kinesis + sqs; every target type, bench/lib/cold-shapes.mjs). Each run
// is a fresh process (bench/lib/cold-child.mjs) that imports the packaged function and handles a
// 10-record event, or imports the bare SDK clients from node_modules and makes the same calls;
// bundle and bare runs alternate so load from other processes hits them alike. Per shape: the
// median in-process wall and CPU ms (just before the import to the end of the invocation), whole
// process ms (spawn to exit), the paired ratios to the bare SDK (median of run-by-run ratios), and
// the bytes of the bundle files the shape loads. Also the zip: its bytes and files, the bundle's
// bytes. BENCH_COLD_BUNDLE: another bundle's entry to measure (e.g. an earlier build). The
// every-target shape needs bench/lib/endpoint.mjs to answer Firehose, SNS, Lambda, IoT and
// OpenSearch `_bulk` too, and leaves out redis / memcached when their server does not answer.
import {spawn} from 'node:child_process'
import {connect} from 'node:net'
import {loadavg} from 'node:os'
import {fileURLToPath, pathToFileURL} from 'node:url'
import {AWS_ENV, BUNDLE, median, ROOT, round, runChild, startEndpoint} from '../lib/common.mjs'
import {destinations, SHAPES, shapeRows, sourceOf} from '../lib/cold-shapes.mjs'

const RUNS = 9
const here = fileURLToPath(import.meta.url)

export const run = () => runChild(here, 'cold')

/** One fresh process; resolves with what it reported and its spawn-to-exit ms. */
function coldRun(env) {
  return new Promise((resolve, reject) => {
    const started = performance.now()
    const child = spawn(process.execPath, [`${ROOT}bench/lib/cold-child.mjs`], {cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe']})
    let err = ''
    child.stderr.on('data', (c) => (err += c))
    child.on('close', (code) => {
      const processMs = performance.now() - started
      if (code !== 0) return reject(new Error(`cold ${env.BENCH_VARIANT} ${env.BENCH_SHAPE}: ${err}`))
      resolve({...JSON.parse(err.trim().split('\n').pop()), processMs})
    })
  })
}

/** Whether a TCP server listens at host:port (the caches of the every-target shape). */
const listening = (host, port) =>
  new Promise((resolve) => {
    const socket = connect({host, port}, () => resolve(socket.end() && true))
    socket.on('error', () => resolve(false))
  })

const ratio = (a, b, key) => round(median(a.map((run, i) => run[key] / b[i][key])), 2)

async function child() {
  const endpoint = await startEndpoint()
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'
  const memcachedAddress = process.env.MEMCACHED_ADDRESS ?? '127.0.0.1:11211'
  const redis = new URL(redisUrl)
  const [memHost, memPort] = memcachedAddress.split(',')[0].split(':')
  const caches = {memcached: await listening(memHost, Number(memPort)), redis: await listening(redis.hostname, Number(redis.port || 6379))}
  const shapes = Object.fromEntries(Object.entries(SHAPES).map(([name, types]) => [name, types.filter((type) => caches[type] ?? true)]))
  const to = destinations({endpoint: endpoint.url, memcachedAddress, redisUrl})
  await endpoint.setMappings(Object.fromEntries(Object.entries(shapes).map(([shape, types]) => [sourceOf(shape), shapeRows(shape, types, to)])))
  const bundle = process.env.BENCH_COLD_BUNDLE ?? BUNDLE
  const env = (shape, variant, extra = {}) => ({
    PATH: process.env.PATH,
    ...AWS_ENV,
    AWS_ENDPOINT_URL: endpoint.url,
    AWS_LAMBDA_FUNCTION_NAME: 'bench',
    BENCH_BUNDLE: bundle,
    BENCH_DESTINATIONS: JSON.stringify({endpoint: endpoint.url, memcachedAddress, redisUrl}),
    BENCH_SHAPE: shape,
    BENCH_TYPES: shapes[shape].join(','),
    BENCH_VARIANT: variant,
    FANOUT_LOG_LEVEL: 'warn',
    FANOUT_TABLE: 'benchTargets',
    ...extra,
  })

  const load = {before: loadavg().map((l) => round(l, 2))}
  const samples = Object.fromEntries(Object.keys(shapes).map((shape) => [shape, {bare: [], bundle: []}]))
  for (let i = 0; i < RUNS; i++) {
    for (const shape of Object.keys(shapes)) {
      samples[shape].bundle.push(await coldRun(env(shape, 'bundle')))
      samples[shape].bare.push(await coldRun(env(shape, 'bare')))
    }
  }
  load.after = loadavg().map((l) => round(l, 2))

  const results = {}
  for (const [shape, {bare, bundle: fn}] of Object.entries(samples)) {
    const summary = (runs) => ({
      cpuMs: round(median(runs.map((r) => r.cpuMs))),
      inProcessMs: round(median(runs.map((r) => r.inProcessMs))),
      processMs: round(median(runs.map((r) => r.processMs))),
    })
    const loaded = await coldRun(env(shape, 'bundle', {BENCH_LOADS: '1'}))
    results[shape] = {
      targets: shapes[shape],
      bundle: summary(fn),
      bareSdk: summary(bare),
      ratioToBareSdk: {cpu: ratio(fn, bare, 'cpuMs'), inProcess: ratio(fn, bare, 'inProcessMs'), process: ratio(fn, bare, 'processMs')},
      loadedBytes: loaded.loadedBytes,
      loadedFiles: loaded.loadedFiles,
    }
  }
  const {buildDeployZip} = await import(pathToFileURL(`${ROOT}dist/src/package/deploy-zip.js`).href)
  const zip = await buildDeployZip(bundle)
  endpoint.close()
  const summary = {
    runs: RUNS,
    records: 10,
    loadAverage: load,
    ...(Object.values(caches).every(Boolean) ? {} : {left: `everyTarget without ${Object.keys(caches).filter((k) => !caches[k]).join(', ')} (no server)`}),
    shapes: results,
    zip: {bundleBytes: zip.bundleBytes, files: zip.files.length, zipBytes: zip.zip.length},
  }
  process.stdout.write(`__BENCH__ ${JSON.stringify(summary)}\n`)
  process.exit(0)
}

if (process.argv.includes('--child')) await child()
