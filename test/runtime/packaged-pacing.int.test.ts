// The packaged handler with two parallel mappings and hundreds of calls each (some throttled, so
// backoff waits listen for the abort too), three invocations in one container: every record
// delivered, and nothing on stderr (no MaxListenersExceededWarning: the invocation's signal holds
// one listener per delivery pass, not one per call).
import assert from 'node:assert/strict'
import type {DynamoDBClient} from '@aws-sdk/client-dynamodb'
import {startStandIn, type StandIn} from '../helpers/aws-standin.js'
import {startDynalite, type Emulator} from '../helpers/emulators.js'
import {kinesisEvent, kinesisStreamArn} from '../helpers/events.js'
import {invokePackaged} from '../helpers/zip-handler.js'
import {createMappingTable, dynamo, putRow, suffix} from './fixtures.js'

type Result = {batchItemFailures: Array<{itemIdentifier: string}>}

describe('packaged handler: two parallel mappings, many calls, no warning on stderr', function () {
  this.timeout(120_000)
  let dynalite: Emulator
  let standIn: StandIn
  let ddb: DynamoDBClient
  const table = `pacing-${suffix()}`

  before(async () => {
    ;[dynalite, standIn] = await Promise.all([startDynalite(), startStandIn({throttleEvery: 9})])
    ddb = dynamo(dynalite.endpoint)
    await createMappingTable(ddb, table)
  })
  after(async () => {
    ddb?.destroy()
    await Promise.all([dynalite?.close(), standIn?.close()])
  })

  it('delivers 3 x 1,500 records to both queues (300 calls per invocation) with an empty stderr', async () => {
    const source = kinesisStreamArn(`pacing-${suffix()}`)
    const queues = ['a', 'b'].map((name) => `${standIn.endpoint}/123456789012/${name}-${suffix()}`)
    for (const [n, queue] of queues.entries()) {
      await putRow(ddb, table, {active: true, collapse: 'none', destination: queue, id: `q${n}`, parallel: true, sourceArn: source, type: 'sqs'})
    }
    const events = [0, 1, 2].map((round) => kinesisEvent(source, Array.from({length: 1500}, (_, n) => `r${round}-${n}`)))
    const {results, stderr} = await invokePackaged<Result>(events, {
      env: {AWS_ENDPOINT_URL_DYNAMODB: dynalite.endpoint, AWS_ENDPOINT_URL_SQS: standIn.endpoint, FANOUT_TABLE: table},
      timeoutMs: 60_000,
    })
    assert.deepEqual(results, events.map(() => ({ok: true, value: {batchItemFailures: []}})))
    for (const queue of queues) assert.equal(new Set(standIn.sqs.get(new URL(queue).pathname)).size, 4500, queue)
    assert.ok(standIn.calls.throttled > 0, 'some calls were throttled and retried')
    assert.equal(stderr, '', 'nothing on stderr (no MaxListenersExceededWarning)')
  })
})
