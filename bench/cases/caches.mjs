// Benchmark case: the redis and memcached targets measured through the packaged handler
// (dist/bundle/index.mjs) against the real servers (REDIS_URL / MEMCACHED_ADDRESS, defaults
// redis://127.0.0.1:6379 and 127.0.0.1:11211), 4,000 records of 1 KiB per batch, with the round
// trips per record (callsPerRecord: socket writes to the server per record). The mappings live
// in an in-process dynalite table. It runs in a child process so its environment (table, endpoint)
// does not leak into other cases.
import {randomBytes} from 'node:crypto'
import {createRequire} from 'node:module'
import {fileURLToPath, pathToFileURL} from 'node:url'
import {runChild} from '../lib/common.mjs'

const RECORDS = 4000
const RECORD_BYTES = 1024
const RUNS = 5
const here = fileURLToPath(import.meta.url)
const root = fileURLToPath(new URL('../..', import.meta.url))

export const run = () => runChild(here, 'caches')

function kinesisEvent(sourceArn, prefix) {
  const Records = []
  for (let n = 0; n < RECORDS; n++) {
    const body = JSON.stringify({n, pad: ''})
    const data = Buffer.from(body.slice(0, -2) + 'x'.repeat(RECORD_BYTES - body.length) + '"}')
    Records.push({
      eventSource: 'aws:kinesis',
      eventSourceARN: sourceArn,
      eventID: `shardId-000000000000:${1000 + n}`,
      kinesis: {data: data.toString('base64'), partitionKey: `${prefix}-${n}`, sequenceNumber: String(1000 + n), kinesisSchemaVersion: '1.0'},
    })
  }
  return {Records}
}

async function child() {
  const require = createRequire(import.meta.url)
  const dynalite = require('dynalite')({createTableMs: 0})
  await new Promise((resolve) => dynalite.listen(0, '127.0.0.1', resolve))
  const endpoint = `http://127.0.0.1:${dynalite.address().port}`
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'
  const memcachedAddress = process.env.MEMCACHED_ADDRESS ?? '127.0.0.1:11211'
  Object.assign(process.env, {
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_ENDPOINT_URL_DYNAMODB: endpoint,
    AWS_REGION: 'us-east-1',
    AWS_SECRET_ACCESS_KEY: 'testing',
    FANOUT_LOG_LEVEL: 'warn',
    FANOUT_TABLE: 'benchTargets',
  })
  const {DynamoDBClient, CreateTableCommand, PutItemCommand} = await import('@aws-sdk/client-dynamodb')
  const ddb = new DynamoDBClient({endpoint, region: 'us-east-1'})
  await ddb.send(
    new CreateTableCommand({
      AttributeDefinitions: [{AttributeName: 'sourceArn', AttributeType: 'S'}, {AttributeName: 'id', AttributeType: 'S'}],
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [{AttributeName: 'sourceArn', KeyType: 'HASH'}, {AttributeName: 'id', KeyType: 'RANGE'}],
      TableName: 'benchTargets',
    }),
  )
  const targets = {memcached: memcachedAddress, redis: redisUrl}
  const sources = {}
  for (const [type, destination] of Object.entries(targets)) {
    sources[type] = `arn:aws:kinesis:us-east-1:123456789012:stream/bench-${type}`
    await ddb.send(
      new PutItemCommand({
        Item: {active: {BOOL: true}, destination: {S: destination}, id: {S: type}, sourceArn: {S: sources[type]}, type: {S: type}},
        TableName: 'benchTargets',
      }),
    )
  }
  // Round trips: writes on the sockets to each server. A pipelined batch is one write (one round
  // trip); a driver that sends one command per request writes once per command.
  const net = await import('node:net')
  const ports = {memcached: Number(memcachedAddress.split(',')[0].split(':').pop()), redis: Number(new URL(redisUrl).port || 6379)}
  const writes = {memcached: 0, redis: 0}
  const socketWrite = net.Socket.prototype.write
  net.Socket.prototype.write = function (...args) {
    for (const type of Object.keys(ports)) if (this.remotePort === ports[type]) writes[type]++
    return socketWrite.apply(this, args)
  }
  // Metrics lines go to stdout: keep only ours.
  const write = process.stdout.write.bind(process.stdout)
  process.stdout.write = () => true
  const {handler} = await import(pathToFileURL(`${root}dist/bundle/index.mjs`).href)
  const prefix = `bench-${randomBytes(3).toString('hex')}`
  const context = {functionName: 'bench', getRemainingTimeInMillis: () => 300_000}
  const result = {}
  for (const type of Object.keys(targets)) {
    const event = kinesisEvent(sources[type], `${prefix}-${type}`)
    const failures = (await handler(event, context)).batchItemFailures // warm-up: connections, config
    if (failures.length) throw new Error(`${type}: warm-up batch failed`)
    const times = []
    const cpus = []
    const writesBefore = writes[type]
    for (let i = 0; i < RUNS; i++) {
      const cpu = process.cpuUsage()
      const started = process.hrtime.bigint()
      const response = await handler(event, context)
      const ms = Number(process.hrtime.bigint() - started) / 1e6
      const used = process.cpuUsage(cpu)
      if (response.batchItemFailures.length) throw new Error(`${type}: batch reported failures`)
      times.push(ms)
      cpus.push((used.user + used.system) / 1000)
    }
    const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]
    result[type] = {
      records: RECORDS,
      recordBytes: RECORD_BYTES,
      runs: RUNS,
      msPerBatch: Math.round(median(times) * 10) / 10,
      cpuMsPerBatch: Math.round(median(cpus) * 10) / 10,
      recordsPerSecond: Math.round(RECORDS / (median(times) / 1000)),
      callsPerRecord: Math.round(((writes[type] - writesBefore) / (RUNS * RECORDS)) * 10_000) / 10_000,
      destination: type === 'redis' ? redisUrl.replace(/\/\/[^@]*@/, '//') : memcachedAddress,
    }
  }
  write(`__BENCH__ ${JSON.stringify(result)}\n`)
  process.exit(0)
}

if (process.argv.includes('--child')) await child()
else if (process.argv[1] === here) console.log(JSON.stringify(await run(), null, 2))
