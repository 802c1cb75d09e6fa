// A destination that never answers: the packaged handler gives up on it before the invocation's
// timeout, reports the batch for retry, and the other target still gets every record.
import assert from 'node:assert/strict'
import type {DynamoDBClient} from '@aws-sdk/client-dynamodb'
import type {KinesisClient} from '@aws-sdk/client-kinesis'
import {startStandIn, type StandIn} from '../helpers/aws-standin.js'
import {startDynalite, startKinesalite, type Emulator} from '../helpers/emulators.js'
import {kinesisEvent, kinesisStreamArn, sequenceNumber} from '../helpers/events.js'
import {invokePackaged, jsonLogs} from '../helpers/zip-handler.js'
import {createMappingTable, createStream, dynamo, kinesis, putRow, readStream, suffix} from './fixtures.js'

type Result = {batchItemFailures: Array<{itemIdentifier: string}>}

describe('a destination that hangs (packaged handler)', function () {
  this.timeout(60_000)
  let dynalite: Emulator
  let kinesalite: Emulator
  let standIn: StandIn
  let ddb: DynamoDBClient
  let kin: KinesisClient
  const table = `hang-${suffix()}`

  before(async () => {
    ;[dynalite, kinesalite, standIn] = await Promise.all([startDynalite(), startKinesalite(), startStandIn({hang: true})])
    ddb = dynamo(dynalite.endpoint)
    kin = kinesis(kinesalite.endpoint)
    await createMappingTable(ddb, table)
  })
  after(async () => {
    ddb?.destroy()
    kin?.destroy()
    await Promise.all([dynalite?.close(), kinesalite?.close(), standIn?.close()])
  })

  it('abandons the hanging calls within the invocation time and reports the first record', async () => {
    const source = kinesisStreamArn(`hang-${suffix()}`)
    const out = `hang-ok-${suffix()}`
    await createStream(kin, out)
    await putRow(ddb, table, {active: true, destination: out, id: 'ok', sourceArn: source, type: 'kinesis'})
    await putRow(ddb, table, {active: true, collapse: 'none', destination: `${standIn.endpoint}/123456789012/stuck`, id: 'stuck', sourceArn: source, type: 'sqs'})
    const timeoutMs = 4_000
    const started = Date.now()
    const {results, logs} = await invokePackaged<Result>([kinesisEvent(source, ['a', 'b', 'c'], 7)], {
      env: {AWS_ENDPOINT_URL_DYNAMODB: dynalite.endpoint, AWS_ENDPOINT_URL_KINESIS: kinesalite.endpoint, AWS_ENDPOINT_URL_SQS: standIn.endpoint, FANOUT_TABLE: table},
      timeoutMs,
    })
    const elapsed = Date.now() - started
    assert.deepEqual(results, [{ok: true, value: {batchItemFailures: [{itemIdentifier: sequenceNumber(7)}]}}])
    // The child's start-up is included; the invocation itself ended before its timeout.
    assert.ok(elapsed < timeoutMs + 3_000, `took ${elapsed} ms`)
    assert.deepEqual((await readStream(kin, out)).map((r) => r.data.toString()), ['a', 'b', 'c'])
    const metric = jsonLogs(logs).find((l) => l._aws && l.Target === 'stuck')
    assert.ok(metric && (metric.DurationMs as number) < timeoutMs, `stuck target took ${String(metric?.DurationMs)} ms`)
    assert.equal(metric?.Failed, 3)
  })
})
