// Benchmark case: the redis and memcached targets of the packaged handler (dist/bundle/index.mjs)
// against the real servers (REDIS_URL / MEMCACHED_ADDRESS, defaults redis://127.0.0.1:6379 and
// 127.0.0.1:11211), 4,000 records of 1 KiB per batch, interleaved with the bare baselines
// (bench/lib/bare-sdk.mjs: an ioredis pipeline, memjs sets) in this process: CPU ms per batch,
// records/s, the paired CPU ratio and round trips per record (callsPerRecord: socket writes to the
// server per record; a pipelined batch is one write). The mapping rows come from the bench
// endpoint (its own process). Runs in a child process so its environment does not leak.
import net from 'node:net'
import {randomBytes} from 'node:crypto'
import {fileURLToPath, pathToFileURL} from 'node:url'
import {AWS_ENV, BUNDLE, childMain, compareVariants, invokeOf, kinesisEvent, quietly, runChild, startEndpoint, streamArn} from '../lib/common.mjs'

const RECORDS = 4000
const RECORD_BYTES = 1024
const RUNS = 15
const WARMUP = 3
const here = fileURLToPath(import.meta.url)

export const run = () => runChild(here, 'caches')

/** The event with partition keys under a fresh prefix (keys of one run do not meet another's). */
function keyedEvent(sourceArn, prefix) {
  const event = kinesisEvent(sourceArn, RECORDS, RECORD_BYTES)
  for (const record of event.Records) record.kinesis.partitionKey = `${prefix}-${record.kinesis.partitionKey}`
  return event
}

async function child() {
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'
  const memcachedAddress = process.env.MEMCACHED_ADDRESS ?? '127.0.0.1:11211'
  const endpoint = await startEndpoint()
  const targets = {memcached: memcachedAddress, redis: redisUrl}
  const sourceOf = (type) => streamArn(`bench-${type}`)
  await endpoint.setMappings(Object.fromEntries(Object.entries(targets).map(([type, destination]) => [sourceOf(type), [{active: true, destination, id: type, sourceArn: sourceOf(type), type}]])))
  Object.assign(process.env, {...AWS_ENV, AWS_ENDPOINT_URL: endpoint.url, AWS_LAMBDA_FUNCTION_NAME: 'bench', FANOUT_CONFIG_TTL_SECONDS: '3600', FANOUT_LOG_LEVEL: 'warn', FANOUT_TABLE: 'benchTargets'})

  // Round trips: writes on the sockets to each server.
  const ports = {memcached: Number(memcachedAddress.split(',')[0].split(':').pop()), redis: Number(new URL(redisUrl).port || 6379)}
  const writes = {memcached: 0, redis: 0}
  const socketWrite = net.Socket.prototype.write
  net.Socket.prototype.write = function (...args) {
    for (const type of Object.keys(ports)) if (this.remotePort === ports[type]) writes[type]++
    return socketWrite.apply(this, args)
  }

  const {handler} = await import(pathToFileURL(BUNDLE).href)
  const {cacheBaselines} = await import('../lib/bare-sdk.mjs')
  const bare = await cacheBaselines({memcachedAddress, redisUrl})
  const prefix = `bench-${randomBytes(3).toString('hex')}`
  const results = {}
  for (const type of Object.keys(targets)) {
    const event = keyedEvent(sourceOf(type), `${prefix}-${type}`)
    const calls = async (run) => {
      const before = writes[type]
      await run()
      return writes[type] - before
    }
    const variants = {function: invokeOf(handler, event, type), bareSdk: () => bare[type](event)}
    const started = performance.now()
    results[type] = await quietly(() => compareVariants({calls, ratios: {function: ['bareSdk']}, records: RECORDS, runs: RUNS, variants, warmup: WARMUP}))
    process.stderr.write(`bench caches ${type}: ${Math.round((performance.now() - started) / 1000)} s\n`)
    results[type].destination = type === 'redis' ? redisUrl.replace(/\/\/[^@]*@/, '//') : memcachedAddress
  }
  bare.close()
  endpoint.close()
  return {batch: {records: RECORDS, recordBytes: RECORD_BYTES, runs: RUNS, warmupRuns: WARMUP}, ...results}
}

if (process.argv.includes('--child')) await childMain(child)
else if (process.argv[1] === here) console.log(JSON.stringify(await run(), null, 2))
