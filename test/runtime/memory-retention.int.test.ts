// What the packaged handler keeps between invocations of a warm container: nothing of the batch.
// No module-level structure (mapping cache, clients, delivered memory, metrics, parking circuits)
// may hold the event, its records, or the Buffers built from them once the answer is given, or a
// 128 MB function creeps towards its limit invocation after invocation (docs/runtime.md "Memory
// between invocations"). Checked with a FinalizationRegistry and a full collection in the child.
import assert from 'node:assert/strict'
import {spawn} from 'node:child_process'
import {join} from 'node:path'
import type {DynamoDBClient} from '@aws-sdk/client-dynamodb'
import {PROJECT_ROOT} from '../helpers/cli.js'
import {startStandIn, type StandIn} from '../helpers/aws-standin.js'
import {startDynalite, TEST_AWS_ENV, type Emulator} from '../helpers/emulators.js'
import {kinesisEvent, kinesisStreamArn} from '../helpers/events.js'
import {packagedBundle} from '../helpers/zip-handler.js'
import {createMappingTable, dynamo, putRow, suffix} from './fixtures.js'

interface Report {
  arrayBuffersMb: number
  failures: number
  /** The event and its records not freed by a full collection after the answer. */
  kept: number
  records: number
}

function runRetentionChild(text: string, invocations: number, env: Record<string, string>, timeoutMs = 30_000): Promise<Report[]> {
  return packagedBundle().then(
    (bundle) =>
      new Promise((resolve, reject) => {
        const child = spawn(process.execPath, ['--expose-gc', join(PROJECT_ROOT, 'test/helpers/retention-child.mjs'), bundle], {
          env: {PATH: process.env.PATH, ...TEST_AWS_ENV, AWS_LAMBDA_FUNCTION_NAME: 'fanout', FANOUT_LOG_LEVEL: 'error', ...(process.env.RETENTION_SNAPSHOT ? {RETENTION_SNAPSHOT: process.env.RETENTION_SNAPSHOT} : {}), ...env},
          stdio: ['pipe', 'pipe', 'pipe'],
        })
        let stdout = ''
        let stderr = ''
        child.stdout.on('data', (chunk) => (stdout += chunk))
        child.stderr.on('data', (chunk) => (stderr += chunk))
        child.on('close', (code) => {
          const line = stdout.split('\n').find((l) => l.startsWith('__RESULT__ '))
          if (code !== 0 || !line) reject(new Error(`retention child exited ${code}:\n${stderr}`))
          else resolve(JSON.parse(line.slice(11)))
        })
        child.stdin.end(JSON.stringify({invocations, text, timeoutMs}))
      }),
  )
}

describe('packaged handler: nothing of a batch is kept between invocations', function () {
  this.timeout(120_000)
  let dynalite: Emulator
  let standIn: StandIn
  let ddb: DynamoDBClient
  const table = `retention-${suffix()}`
  const source = kinesisStreamArn(`retention-${suffix()}`)
  // 2,000 records of 1 KiB: 2 MB of data, several MB of messages and request bodies per invocation.
  const records = Array.from({length: 2000}, (_, n) => Buffer.from(JSON.stringify({n, pad: 'x'.repeat(1000)})))

  before(async () => {
    ;[dynalite, standIn] = await Promise.all([startDynalite(), startStandIn({rejectShareFor: {'/123456789012/failing': 1}})])
    ddb = dynamo(dynalite.endpoint)
    await createMappingTable(ddb, table)
    const queue = (name: string) => `${standIn.endpoint}/123456789012/${name}`
    const row = (id: string, extra: Record<string, unknown>) => putRow(ddb, table, {active: true, id, sourceArn: source, ...extra})
    await row('kinesis', {destination: 'retention', type: 'kinesis'})
    await row('none', {collapse: 'none', destination: queue('none'), type: 'sqs'})
    await row('json', {collapse: 'JSON', destination: queue('json'), type: 'sqs'})
    await row('b64', {collapse: 'concat-b64', destination: queue('b64'), type: 'sqs'})
  })
  after(async () => {
    ddb?.destroy()
    await Promise.all([dynalite?.close(), standIn?.close()])
  })

  const env = () => ({
    AWS_ENDPOINT_URL_DYNAMODB: dynalite.endpoint,
    AWS_ENDPOINT_URL_KINESIS: standIn.endpoint,
    AWS_ENDPOINT_URL_SQS: standIn.endpoint,
    FANOUT_TABLE: table,
  })

  it('after delivered batches: no record reachable, no Buffer left over', async () => {
    const reports = await runRetentionChild(JSON.stringify(kinesisEvent(source, records)), 3, env())
    for (const report of reports) {
      assert.equal(report.failures, 0)
      assert.equal(report.kept, 0, `event records still reachable after the invocation: ${JSON.stringify(reports)}`)
      assert.ok(report.arrayBuffersMb < 1, `Buffers left over after the invocation: ${JSON.stringify(reports)}`)
    }
  })

  it('after a batch Lambda will retry (what the target took is remembered): still no record reachable', async () => {
    await putRow(ddb, table, {active: true, collapse: 'none', destination: `${standIn.endpoint}/123456789012/failing`, id: 'failing', sourceArn: source, type: 'sqs'})
    // The table is read once per container (60 s cache): the new row is seen by a fresh child.
    // A short invocation: the failing queue refuses every entry until the deadline.
    const reports = await runRetentionChild(JSON.stringify(kinesisEvent(source, records)), 2, env(), 3_000)
    for (const report of reports) {
      assert.equal(report.failures, 1)
      assert.equal(report.kept, 0, `event records still reachable after the invocation: ${JSON.stringify(reports)}`)
      assert.ok(report.arrayBuffersMb < 1, `Buffers left over after the invocation: ${JSON.stringify(reports)}`)
    }
  })
})
