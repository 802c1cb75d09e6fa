// The packaged handler invoking a Lambda function asynchronously. moto answers an Event invoke
// without Docker but cannot show its payload, so a local stand-in for the Invoke API records the
// payloads here (the services tier checks the call against moto too).
import assert from 'node:assert/strict'
import type {DynamoDBClient} from '@aws-sdk/client-dynamodb'
import {SERVICE_LIMITS} from '../../runtime/limits.js'
import {startStandIn, type StandIn} from '../helpers/aws-standin.js'
import {startDynalite, type Emulator} from '../helpers/emulators.js'
import {dynamodbEvent, dynamodbStreamArn, kinesisEvent, kinesisStreamArn} from '../helpers/events.js'
import {invokePackaged} from '../helpers/zip-handler.js'
import {createMappingTable, dynamo, putRow, suffix} from './fixtures.js'

type Result = {batchItemFailures: Array<{itemIdentifier: string}>}

describe('packaged handler → Lambda async invoke (stand-in Invoke API)', function () {
  this.timeout(60_000)
  let dynalite: Emulator
  let standIn: StandIn
  let ddb: DynamoDBClient
  const table = `lambda-${suffix()}`
  let env: Record<string, string>

  before(async () => {
    ;[dynalite, standIn] = await Promise.all([startDynalite(), startStandIn()])
    ddb = dynamo(dynalite.endpoint)
    await createMappingTable(ddb, table)
    env = {AWS_ENDPOINT_URL_DYNAMODB: dynalite.endpoint, AWS_ENDPOINT_URL_LAMBDA: standIn.endpoint, FANOUT_TABLE: table}
  })
  after(async () => {
    ddb?.destroy()
    await Promise.all([dynalite?.close(), standIn?.close()])
  })

  it('sends {"Records":[...]} of the event records exactly as Lambda delivered them, InvocationType Event', async () => {
    const source = kinesisStreamArn(`lam-${suffix()}`)
    const fn = `consumer-${suffix()}`
    await putRow(ddb, table, {active: true, destination: fn, id: 'lam', sourceArn: source, type: 'lambda'})
    const event = kinesisEvent(source, ['{"a":1}', Buffer.from([0, 255]), 'é'])
    const {results} = await invokePackaged<Result>([event], {env})
    assert.deepEqual(results, [{ok: true, value: {batchItemFailures: []}}])
    const calls = standIn.lambda.get(fn) ?? []
    assert.equal(calls.length, 1)
    assert.equal(calls[0].invocationType, 'Event')
    assert.equal(calls[0].payload.toString(), JSON.stringify({Records: event.Records}))
  })

  it('splits DynamoDB records over several invokes so each payload fits the async limit', async () => {
    const source = dynamodbStreamArn(`lamddb${suffix()}`)
    const fn = `big-${suffix()}`
    await putRow(ddb, table, {active: true, destination: fn, id: 'big', sourceArn: source, type: 'lambda'})
    const inputs = Array.from({length: 12}, (_, n) => ({keys: {id: {S: `k${n}`}}, newImage: {id: {S: `k${n}`}, pad: {S: 'x'.repeat(200 * 1024)}}}))
    const event = dynamodbEvent(source, inputs)
    const {results} = await invokePackaged<Result>([event], {env})
    assert.deepEqual(results, [{ok: true, value: {batchItemFailures: []}}])
    const calls = standIn.lambda.get(fn) ?? []
    assert.ok(calls.length >= 3, `${calls.length} invokes`)
    for (const call of calls) assert.ok(call.payload.length <= SERVICE_LIMITS.lambda.maxBytesPerCall)
    // Invokes run concurrently (parallel mapping): compare the records whatever the arrival order.
    const forwarded = calls.flatMap((c) => JSON.parse(c.payload.toString()).Records.map((r: unknown) => JSON.stringify(r)))
    assert.deepEqual(forwarded.sort(), event.Records.map((r) => JSON.stringify(r)).sort())
  })
})
