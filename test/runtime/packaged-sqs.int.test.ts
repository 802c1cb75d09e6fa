// The packaged handler's SQS payloads, byte for byte, on the always-run tier (a local stand-in
// speaks the SQS JSON protocol; the services tier checks the same against moto).
import assert from 'node:assert/strict'
import type {DynamoDBClient} from '@aws-sdk/client-dynamodb'
import {startStandIn, type StandIn} from '../helpers/aws-standin.js'
import {startDynalite, type Emulator} from '../helpers/emulators.js'
import {kinesisEvent, kinesisStreamArn, sequenceNumber} from '../helpers/events.js'
import {invokePackaged, jsonLogs} from '../helpers/zip-handler.js'
import {createMappingTable, dynamo, putRow, suffix} from './fixtures.js'

type Result = {batchItemFailures: Array<{itemIdentifier: string}>}

describe('packaged handler → SQS collapse modes (stand-in SQS API)', function () {
  this.timeout(60_000)
  let dynalite: Emulator
  let standIn: StandIn
  let ddb: DynamoDBClient
  const table = `sqs-${suffix()}`

  before(async () => {
    ;[dynalite, standIn] = await Promise.all([startDynalite(), startStandIn()])
    ddb = dynamo(dynalite.endpoint)
    await createMappingTable(ddb, table)
  })
  after(async () => {
    ddb?.destroy()
    await Promise.all([dynalite?.close(), standIn?.close()])
  })

  it('sends the exact bodies of each collapse mode, a non-JSON record included in JSON mode', async () => {
    const source = kinesisStreamArn(`sqs-${suffix()}`)
    const queue = (mode: string) => `${standIn.endpoint}/123456789012/${mode}-${suffix()}`
    const queues = {concat: queue('concat'), concatB64: queue('b64'), json: queue('json'), legacy: queue('legacy'), none: queue('none')}
    const row = (id: string, destination: string, extra: Record<string, unknown>) =>
      putRow(ddb, table, {active: true, destination, id, sourceArn: source, type: 'sqs', ...extra})
    await row('none', queues.none, {collapse: 'none'})
    await row('json', queues.json, {collapse: 'JSON'})
    await row('concat', queues.concat, {appendNewlines: true, collapse: 'concat'})
    await row('b64', queues.concatB64, {collapse: 'concat-b64'})
    // A row written without collapse (not by the CLI): the documented default, JSON.
    await row('legacy', queues.legacy, {})
    const records = [Buffer.from('{"n": 1}'), Buffer.from('not json'), Buffer.from([0xc3, 0x28])]
    const {results, logs} = await invokePackaged<Result>([kinesisEvent(source, records)], {
      // The queue URLs name the stand-in; the tests' catch-all AWS_ENDPOINT_URL would otherwise win.
      env: {AWS_ENDPOINT_URL_DYNAMODB: dynalite.endpoint, AWS_ENDPOINT_URL_SQS: standIn.endpoint, FANOUT_TABLE: table},
    })
    assert.deepEqual(results, [{ok: true, value: {batchItemFailures: []}}])

    const bodies = (url: string) => standIn.sqs.get(new URL(url).pathname) ?? []
    assert.deepEqual([...bodies(queues.none)].sort(), ['{"n": 1}', 'not json', 'wyg='].sort())
    assert.deepEqual(bodies(queues.json), ['{"Records":[{"n": 1},"not json","wyg="]}'])
    assert.deepEqual(bodies(queues.legacy), ['{"Records":[{"n": 1},"not json","wyg="]}'])
    assert.deepEqual(bodies(queues.concatB64), [Buffer.concat(records).toString('base64')])
    // concat carries text: the record that is not UTF-8 is skipped (logged, counted), not mangled.
    assert.deepEqual(bodies(queues.concat), ['{"n": 1}\nnot json\n'])
    const skipped = jsonLogs(logs).filter((l) => l.message === 'record skipped')
    assert.deepEqual(
      skipped.map((l) => [l.mapping, l.sequenceNumber, l.reason]),
      [['concat', sequenceNumber(3), 'record is not UTF-8 text, which SQS messages carry (use collapse concat-b64)']],
    )
    assert.equal(jsonLogs(logs).find((l) => l._aws && l.Target === 'concat')?.Skipped, 1)
  })

  it('with AWS_ENDPOINT_URL_SQS or AWS_ENDPOINT_URL set, sends there whatever host the queue URL names', async () => {
    // Nothing listens on port 9 (discard): the SDK's default, the queue URL's host, would fail.
    for (const variable of ['AWS_ENDPOINT_URL_SQS', 'AWS_ENDPOINT_URL']) {
      const source = kinesisStreamArn(`endpoint-${suffix()}`)
      const queue = `http://127.0.0.1:9/123456789012/elsewhere-${suffix()}`
      await putRow(ddb, table, {active: true, collapse: 'none', destination: queue, id: 'elsewhere', sourceArn: source, type: 'sqs'})
      const env = {AWS_ENDPOINT_URL_DYNAMODB: dynalite.endpoint, FANOUT_TABLE: table, [variable]: standIn.endpoint}
      const {results} = await invokePackaged<Result>([kinesisEvent(source, ['a', 'b'])], {env, timeoutMs: 5_000})
      assert.deepEqual(results, [{ok: true, value: {batchItemFailures: []}}], variable)
      assert.deepEqual(standIn.sqs.get(new URL(queue).pathname), ['a', 'b'], variable)
    }
  })
})
