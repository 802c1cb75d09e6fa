// The whole pipeline on embedded emulators, no AWS account: kinesalite and dynalite on loopback, a
// source stream, destination streams and the configuration table; mappings registered through the
// code `register` uses; plain and KPL-aggregated records put; the packaged runtime run on them the
// way the event source mapping would (local-run's loop); each destination read back as `tail` does.
import {devNull} from 'node:os'
import {AwsClients} from '../aws/clients.js'
import {MappingTable} from '../mappings/mapping-table.js'
import {registerMapping} from '../mappings/register-mapping.js'
import {createTable} from '../deploy/table.js'
import {UserError} from '../errors.js'
import {Progress} from '../ui/progress.js'
import {parseSourceArn} from '../../runtime/mapping/arn.js'
import {isAggregated, splitAggregate} from '../../runtime/input/kpl.js'
import {startHandlerHost, type HandlerHost} from '../local-run/handler-host.js'
import {runLocally} from '../local-run/local-runner.js'
import {addMetrics, parseFunctionLog, type TargetTotals} from '../local-run/function-log.js'
import {followShards} from '../tail/follower.js'
import {toDisplayRecords, type DisplayRecord} from '../tail/display-records.js'
import {formatLine, painter, type Paint} from '../tail/format.js'
import {KinesisShards} from '../tail/kinesis-shards.js'
import {startDynalite, startKinesalite, type EmbeddedServer} from './emulators.js'
import {aggregateRecords} from './kpl-aggregate.js'
import {DEMO_FUNCTION, DEMO_MAPPINGS, DEMO_REGION, DEMO_SOURCE, DEMO_TABLE, sampleRecords, type DemoMapping} from './scenario.js'
import {requireSdk} from '../aws/sdk.js'

export interface DemoOptions {
  bundlePath: string
  /** --json: no progress, no record listing (the caller prints the summary). */
  quiet: boolean
  color: boolean
  /** One line of stdout. */
  write(line: string): void
  /** The function's own log lines (shown with --debug). */
  onFunctionLog?(line: string): void
}

export interface DemoMappingResult {
  id: string
  type: 'kinesis'
  destination: string
  active: boolean
  deaggregate: boolean
  /** Records the destination should hold. */
  expected: number
  /** Records read back from the destination. */
  delivered: number
  /** What the function reported delivering (its metrics log lines). */
  reportedByFunction: number
  /** The bytes read back are exactly the bytes expected. */
  identical: boolean
  note: string
}

export interface DemoSummary {
  ok: boolean
  source: string
  table: string
  /** Kinesis records put on the source stream. */
  recordsIn: number
  /** User records inside them (KPL aggregates counted by their user records). */
  userRecordsIn: number
  invocations: number
  retries: number
  mappings: DemoMappingResult[]
  durationMs: number
}

const DEMO_CREDENTIALS = {AWS_ACCESS_KEY_ID: 'demo', AWS_SECRET_ACCESS_KEY: 'demo', AWS_SESSION_TOKEN: 'demo'}

/** The user's AWS settings; not the SDK's own switches (AWS_SDK_JS_*, e.g. bin/run.js's Node-version notice). */
const USER_AWS_SETTING = /^AWS_(?!SDK_JS_)/i

/**
 * Points this process's SDK clients (and the function's worker, which copies this environment) at
 * the emulators; returns a function that restores the environment. Every AWS_* variable of the
 * user is set aside for the demo, and the shared config/credentials files are replaced by an empty
 * one: settings such as AWS_IGNORE_CONFIGURED_ENDPOINT_URLS, AWS_USE_FIPS_ENDPOINT, a profile's
 * endpoint_url or AWS_ACCOUNT_ID would otherwise send the demo's calls elsewhere than loopback, to
 * a real AWS endpoint, or make them fail.
 */
function useEmulatorEnvironment(env: Record<string, string>): () => void {
  const names = new Set([...Object.keys(process.env).filter((name) => USER_AWS_SETTING.test(name)), ...Object.keys(env)])
  const saved = Object.fromEntries([...names].map((name) => [name, process.env[name]]))
  for (const name of names) delete process.env[name]
  Object.assign(process.env, {AWS_CONFIG_FILE: devNull, AWS_SHARED_CREDENTIALS_FILE: devNull}, env)
  return () => {
    for (const name of Object.keys(process.env)) if (USER_AWS_SETTING.test(name)) delete process.env[name]
    for (const [name, value] of Object.entries(saved)) if (value !== undefined) process.env[name] = value
  }
}

async function createStreams(aws: AwsClients, streams: Array<{name: string; shards: number}>): Promise<void> {
  const {KinesisClient, CreateStreamCommand, DescribeStreamSummaryCommand} = requireSdk<typeof import('@aws-sdk/client-kinesis')>('@aws-sdk/client-kinesis')
  const client = aws.get(KinesisClient)
  await Promise.all(streams.map((stream) => client.send(new CreateStreamCommand({ShardCount: stream.shards, StreamName: stream.name}))))
  for (const stream of streams) {
    for (let attempt = 0; ; attempt++) {
      const out = await client.send(new DescribeStreamSummaryCommand({StreamName: stream.name}))
      if (out.StreamDescriptionSummary?.StreamStatus === 'ACTIVE') break
      if (attempt > 200) throw new Error(`stream ${stream.name} did not become active`)
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
  }
}

async function putSamples(aws: AwsClients, stream: string): Promise<{records: Buffer[]; users: Buffer[]}> {
  const {KinesisClient, PutRecordsCommand} = requireSdk<typeof import('@aws-sdk/client-kinesis')>('@aws-sdk/client-kinesis')
  const samples = sampleRecords()
  const aggregates = await Promise.all(samples.aggregated.map((group) => aggregateRecords(group)))
  const entries = [...samples.plain, ...aggregates.flat()]
  const out = await aws.get(KinesisClient).send(
    new PutRecordsCommand({Records: entries.map((entry) => ({Data: entry.data, PartitionKey: entry.partitionKey})), StreamName: stream}),
  )
  if (out.FailedRecordCount) throw new Error(`kinesalite refused ${out.FailedRecordCount} of the sample records`)
  return {
    records: entries.map((entry) => entry.data),
    users: [...samples.plain, ...samples.aggregated.flat()].map((entry) => entry.data),
  }
}

/** Everything a destination stream holds, oldest first per shard. */
async function readDestination(aws: AwsClients, stream: string): Promise<DisplayRecord[]> {
  const {KinesisClient} = requireSdk<typeof import('@aws-sdk/client-kinesis')>('@aws-sdk/client-kinesis')
  const arn = parseSourceArn(`arn:aws:kinesis:${DEMO_REGION}:000000000000:stream/${stream}`)!
  const source = await KinesisShards.open(arn, aws.get(KinesisClient), {byArn: false})
  const records: DisplayRecord[] = []
  await followShards(source, {
    follow: false,
    limit: 1000,
    async onBatch(_shard, batch) {
      records.push(...(await toDisplayRecords(batch, {convertDDB: false, deaggregate: false})).records)
    },
    start: {kind: 'trim-horizon'},
  })
  return records
}

/** The same bytes, in any order across shards. */
function sameRecords(actual: Buffer[], expected: Buffer[]): boolean {
  const key = (list: Buffer[]) => list.map((data) => data.toString('base64')).sort().join('\n')
  return actual.length === expected.length && key(actual) === key(expected)
}

async function showRecord(record: DisplayRecord, paint: Paint): Promise<string> {
  if (!isAggregated(record.data)) return `  ${formatLine(record, paint)}`
  const users = await splitAggregate(record.data, record.partitionKey, record.sequenceNumber).catch(() => undefined)
  const label = paint('dim', `(KPL aggregate: ${users ? `${users.length} user records, ` : ''}${record.data.length} bytes)`)
  return `  ${formatLine({...record, data: Buffer.from('')}, paint)}${label}`
}

export async function runDemo(options: DemoOptions): Promise<DemoSummary> {
  const started = Date.now()
  const progress = new Progress({quiet: options.quiet})
  const paint = painter(options.color)
  const servers: EmbeddedServer[] = []
  let host: HandlerHost | undefined
  let restoreEnvironment = () => {}
  try {
    // Before the emulators start: they name their account and region from AWS_ACCOUNT_ID/AWS_REGION.
    restoreEnvironment = useEmulatorEnvironment({...DEMO_CREDENTIALS, AWS_REGION: DEMO_REGION})
    const [kinesis, dynamodb] = await progress.step(
      'Starting the embedded Kinesis (kinesalite) and DynamoDB (dynalite) on loopback',
      async () => {
        const started = await Promise.all([startKinesalite(), startDynalite()])
        servers.push(...started)
        return started
      },
      ([k, d]) => `Embedded Kinesis on ${k.endpoint}, DynamoDB on ${d.endpoint} (no AWS account used)`,
    )
    const emulatorEnv = {
      ...DEMO_CREDENTIALS,
      AWS_ENDPOINT_URL_DYNAMODB: dynamodb.endpoint,
      AWS_ENDPOINT_URL_KINESIS: kinesis.endpoint,
      AWS_REGION: DEMO_REGION,
    }
    Object.assign(process.env, emulatorEnv)
    const aws = new AwsClients({region: DEMO_REGION})

    await progress.step(
      'Creating the source stream, the destination streams and the configuration table',
      async () => {
        await Promise.all([
          createStreams(aws, [DEMO_SOURCE, ...DEMO_MAPPINGS.map((m) => ({name: m.destination, shards: 1}))]),
          createTable(aws, DEMO_TABLE),
        ])
      },
      () => `Created stream ${DEMO_SOURCE.name} (${DEMO_SOURCE.shards} shards), ${DEMO_MAPPINGS.length} destination streams, table ${DEMO_TABLE}`,
    )

    const table = new MappingTable(aws, DEMO_TABLE)
    const registered = await progress.step(
      'Registering the mappings',
      () =>
        Promise.all(
          DEMO_MAPPINGS.map((mapping) =>
            registerMapping(
              {
                destination: mapping.destination,
                id: mapping.id,
                properties: {active: mapping.active, deaggregate: mapping.deaggregate},
                source: {source: DEMO_SOURCE.name, 'source-type': 'kinesis'},
                type: 'kinesis',
              },
              {aws, table},
            ),
          ),
        ),
      (list) => `Registered ${list.length} mappings: ${DEMO_MAPPINGS.map((m) => `${m.id}${m.active ? '' : ' (inactive)'}`).join(', ')}`,
    )
    const sourceArn = registered[0].sourceArn

    const sent = await progress.step(
      'Putting sample records',
      () => putSamples(aws, DEMO_SOURCE.name),
      (put) => `Put ${put.records.length} Kinesis records on ${DEMO_SOURCE.name}: ${put.users.length} user records, some of them KPL-aggregated`,
    )

    const totals = new Map<string, TargetTotals>()
    const logs: string[] = []
    const run = await progress.step(
      'Running the packaged fan-out function on the stream, as the event source mapping would',
      async () => {
        host = await startHandlerHost({
          bundlePath: options.bundlePath,
          env: {...emulatorEnv, AWS_LAMBDA_FUNCTION_NAME: DEMO_FUNCTION, FANOUT_CONFIG_TTL_SECONDS: '60', FANOUT_TABLE: DEMO_TABLE},
          functionName: DEMO_FUNCTION,
          onLog(line) {
            logs.push(line)
            addMetrics(totals, parseFunctionLog(line))
            options.onFunctionLog?.(line)
          },
        })
        const {KinesisClient} = requireSdk<typeof import('@aws-sdk/client-kinesis')>('@aws-sdk/client-kinesis')
        const source = await KinesisShards.open(parseSourceArn(sourceArn)!, aws.get(KinesisClient), {byArn: false})
        return runLocally(source, host, {batchSize: 100, follow: false, maxAttempts: 3, start: {kind: 'trim-horizon'}, timeoutMs: 30_000})
      },
      (summary) => `The function handled ${summary.records} records in ${summary.invocations} invocations (${summary.retries} retried)`,
    )
    // Log lines travel from the worker asynchronously: let the last ones arrive.
    await new Promise((resolve) => setTimeout(resolve, 50))

    const results: DemoMappingResult[] = []
    for (const mapping of DEMO_MAPPINGS) {
      const arrived = await readDestination(aws, mapping.destination)
      const expected = expectedFor(mapping, sent)
      results.push({
        active: mapping.active,
        deaggregate: mapping.deaggregate,
        delivered: arrived.length,
        destination: mapping.destination,
        expected: expected.length,
        id: mapping.id,
        identical: sameRecords(arrived.map((record) => record.data), expected),
        note: mapping.note,
        reportedByFunction: totals.get(mapping.id)?.delivered ?? 0,
        type: 'kinesis',
      })
      if (!options.quiet) {
        options.write(paint('bold', `${mapping.destination}`) + paint('dim', ` (mapping ${mapping.id}: ${mapping.note}): ${arrived.length} records`))
        for (const record of arrived) options.write(await showRecord(record, paint))
        options.write('')
      }
    }

    const summary: DemoSummary = {
      durationMs: Date.now() - started,
      invocations: run.invocations,
      mappings: results,
      ok: results.every((result) => result.identical),
      recordsIn: sent.records.length,
      retries: run.retries,
      source: sourceArn,
      table: DEMO_TABLE,
      userRecordsIn: sent.users.length,
    }
    if (!summary.ok) {
      const wrong = results.filter((result) => !result.identical)
      const tail = logs.filter((line) => /"level":"(warn|error)"/.test(line)).slice(-3).join(' | ')
      throw new UserError(
        `The demo's fan-out did not deliver as expected: ${wrong.map((r) => `${r.id} got ${r.delivered} of ${r.expected} records`).join(', ')}${tail ? `; function log: ${tail}` : ''}`,
      )
    }
    return summary
  } finally {
    restoreEnvironment()
    await (host as HandlerHost | undefined)?.close()
    await Promise.all(servers.map((server) => server.close()))
  }
}

function expectedFor(mapping: DemoMapping, sent: {records: Buffer[]; users: Buffer[]}): Buffer[] {
  if (!mapping.active) return []
  return mapping.deaggregate ? sent.users : sent.records
}

export function renderSummary(summary: DemoSummary, paint: Paint): string[] {
  const width = Math.max(...summary.mappings.map((m) => m.id.length), 'mapping'.length)
  const destWidth = Math.max(...summary.mappings.map((m) => m.destination.length), 'destination'.length)
  const lines = [
    paint('bold', 'Summary'),
    `  records in:  ${summary.recordsIn} Kinesis records on ${DEMO_SOURCE.name} (${summary.userRecordsIn} user records)`,
    `  function:    ${summary.invocations} invocations, ${summary.retries} retried`,
    `  ${'mapping'.padEnd(width)}  ${'destination'.padEnd(destWidth)}  delivered`,
    ...summary.mappings.map(
      (m) => `  ${m.id.padEnd(width)}  ${m.destination.padEnd(destWidth)}  ${String(m.delivered).padStart(9)}  ${paint('dim', m.note)}`,
    ),
    `  Every destination holds exactly the expected bytes. Done in ${(summary.durationMs / 1000).toFixed(1)} s; the emulators are stopped.`,
  ]
  return lines
}
