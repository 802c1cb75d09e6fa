// One cold start, in a fresh process (bench/cases/cold.mjs spawns it): BENCH_VARIANT `bundle`
// imports the packaged function (BENCH_BUNDLE, the deploy zip's index.mjs; its chunks load as it
// needs them) and handles a 10-record event of BENCH_SHAPE's source (configuration Query, then the
// calls of its targets, BENCH_TYPES); `bare` imports the same calls' clients from node_modules and makes them
// (bench/lib/cold-shapes.mjs). Prints on stderr one JSON line: wall and CPU ms from just before
// the import to the end of the invocation, and ms since the process started.
// With BENCH_LOADS=1 (not timed) it also records which files of the bundle folder were loaded.
import {statSync} from 'node:fs'
import {dirname} from 'node:path'
import {fileURLToPath, pathToFileURL} from 'node:url'
import {kinesisEvent} from './common.mjs'
import {BARE, destinations, RECORD_BYTES, RECORDS, sourceOf} from './cold-shapes.mjs'

const {BENCH_BUNDLE, BENCH_SHAPE: shape, BENCH_VARIANT: variant} = process.env
const types = process.env.BENCH_TYPES.split(',')
const to = destinations(JSON.parse(process.env.BENCH_DESTINATIONS))
const event = kinesisEvent(sourceOf(shape), RECORDS, RECORD_BYTES)
const loads = process.env.BENCH_LOADS === '1' ? await recordLoads() : undefined

const cpu0 = process.cpuUsage()
const t0 = performance.now()
if (variant === 'bundle') {
  const {handler} = await import(pathToFileURL(BENCH_BUNDLE).href)
  const result = await handler(event, {getRemainingTimeInMillis: () => 60_000})
  if (result.batchItemFailures.length) throw new Error(`${shape}: the cold invocation did not deliver every record`)
} else {
  const [{DynamoDBClient, QueryCommand}, {NodeHttpHandler}] = await Promise.all([import('@aws-sdk/client-dynamodb'), import('@smithy/node-http-handler')])
  // Kinesis speaks HTTP/2 by default; the HTTP/1.1 endpoint needs the HTTP/1.1 handler.
  const requestHandler = new NodeHttpHandler()
  const clients = await Promise.all(types.map((type) => BARE[type].load({requestHandler}, to)))
  await new DynamoDBClient({requestHandler}).send(
    new QueryCommand({ExpressionAttributeValues: {':source': {S: sourceOf(shape)}}, KeyConditionExpression: 'sourceArn = :source', TableName: process.env.FANOUT_TABLE}),
  )
  const records = event.Records.map((r) => ({data: Buffer.from(r.kinesis.data, 'base64'), key: r.kinesis.partitionKey}))
  await Promise.all(types.map((type, n) => BARE[type].send(clients[n], records, to, event)))
  for (const [n, type] of types.entries()) await BARE[type].close?.(clients[n])
}
const used = process.cpuUsage(cpu0)
const done = performance.now()
const report = {cpuMs: (used.user + used.system) / 1000, inProcessMs: done - t0, sinceStartMs: done}
if (loads) Object.assign(report, await loads())
process.stderr.write(`${JSON.stringify(report)}\n`)
process.exit(0)

/** Registers bench/lib/cold-loads.mjs; resolves with a function giving the bundle files loaded and their bytes. */
async function recordLoads() {
  const [{register}, {MessageChannel}] = await Promise.all([import('node:module'), import('node:worker_threads')])
  const {port1, port2} = new MessageChannel()
  const urls = new Set()
  port1.on('message', (url) => urls.add(url))
  port1.unref()
  register(new URL('./cold-loads.mjs', import.meta.url), {data: {port: port2}, transferList: [port2]})
  const folder = dirname(BENCH_BUNDLE)
  return async () => {
    await new Promise((resolve) => setTimeout(resolve, 50))
    const files = [...urls].filter((url) => url.startsWith('file:')).map((url) => fileURLToPath(url)).filter((path) => path.startsWith(folder))
    const bytes = files.reduce((sum, path) => sum + statSync(path).size, 0)
    return {loadedBytes: bytes, loadedFiles: files.length}
  }
}
