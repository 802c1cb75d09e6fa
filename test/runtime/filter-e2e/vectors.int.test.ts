// Every event-pattern vector (test/runtime/filter/vectors.ts) end to end through the PACKAGED
// function: one mapping row per vector, `filter` = the vector's pattern (convertDDB for converted
// DynamoDB vectors), its own source ARN and its own kinesalite destination stream; one event with
// the record of every Kinesis vector and one with the record of every DynamoDB vector, in one warm
// container. What reached each destination is read back: exactly the matching vectors' records,
// byte for byte with their keys; the EMF `Filtered` count is 1 for each vector that does not match.
import assert from 'node:assert/strict'
import type {DynamoDBClient} from '@aws-sdk/client-dynamodb'
import type {KinesisClient} from '@aws-sdk/client-kinesis'
import {startDynalite, startKinesalite, type Emulator} from '../../helpers/emulators.js'
import {dynamodbStreamArn, kinesisStreamArn, sequenceNumber} from '../../helpers/events.js'
import {invokePackaged} from '../../helpers/zip-handler.js'
import {createMappingTable, createStream, dynamo, kinesis, putRow, readStream, suffix, type StreamRecord} from '../fixtures.js'
import {PARTITION_KEY, vectorEventRecord, vectorRecordData} from '../filter/vectors.js'
import {DYNAMODB_VECTORS, KINESIS_VECTORS, VECTORS, mapLimit, metricSum, targetMetric, vectorName, type IndexedVector} from './fixture.js'

type Result = {batchItemFailures: Array<{itemIdentifier: string}>}

describe('filter vectors end to end: packaged handler, one mapping per vector (kinesalite, dynalite)', function () {
  this.timeout(120_000)
  let kinesalite: Emulator
  let dynalite: Emulator
  let ddb: DynamoDBClient
  let kin: KinesisClient
  const run = suffix()
  const table = `filterVectors-${run}`
  const id = (vector: IndexedVector) => `v${String(vector.index).padStart(3, '0')}`
  const sourceArn = (vector: IndexedVector) =>
    vector.source === 'kinesis' ? kinesisStreamArn(`vec-src-${id(vector)}-${run}`) : dynamodbStreamArn(`vecsrc${id(vector)}${run}`)
  const destination = (vector: IndexedVector) => `vec-out-${id(vector)}-${run}`
  let invocation: {results: unknown[]; logs: string[]}
  let arrived: Map<number, StreamRecord[]>

  before(async function () {
    ;[kinesalite, dynalite] = await Promise.all([startKinesalite({shardLimit: VECTORS.length + 10}), startDynalite()])
    ddb = dynamo(dynalite.endpoint)
    kin = kinesis(kinesalite.endpoint)
    await createMappingTable(ddb, table)
    await mapLimit(VECTORS, 8, async (vector) => {
      await createStream(kin, destination(vector))
      await putRow(ddb, table, {
        active: true,
        destination: destination(vector),
        filter: vector.pattern,
        id: id(vector),
        sourceArn: sourceArn(vector),
        type: 'kinesis',
        ...(vector.convertDDB ? {convertDDB: true} : {}),
      })
    })
    const event = (vectors: IndexedVector[]) => ({Records: vectors.map((vector) => vectorEventRecord(vector, sourceArn(vector), sequenceNumber(vector.index + 1)))})
    invocation = await invokePackaged<Result>([event(KINESIS_VECTORS), event(DYNAMODB_VECTORS)], {
      env: {AWS_ENDPOINT_URL_DYNAMODB: dynalite.endpoint, AWS_ENDPOINT_URL_KINESIS: kinesalite.endpoint, FANOUT_TABLE: table},
    })
    const read = await mapLimit(VECTORS, 8, (vector) => readStream(kin, destination(vector)))
    arrived = new Map(VECTORS.map((vector, n) => [vector.index, read[n]]))
  })
  after(async () => {
    ddb?.destroy()
    kin?.destroy()
    await Promise.all([kinesalite?.close(), dynalite?.close()])
  })

  it('both invocations succeed, nothing retried, no row refused', () => {
    assert.deepEqual(invocation.results, [
      {ok: true, value: {batchItemFailures: []}},
      {ok: true, value: {batchItemFailures: []}},
    ])
    const refused = invocation.logs.filter((line) => line.includes('invalid mapping skipped'))
    assert.deepEqual(refused, [], 'every vector pattern is a valid row')
  })

  it(`exactly the matching Kinesis vectors reach their targets, byte for byte with the source key (${KINESIS_VECTORS.length} vectors)`, () => {
    const want = KINESIS_VECTORS.filter((vector) => vector.matches).map(vectorName)
    const got = KINESIS_VECTORS.filter((vector) => arrived.get(vector.index)!.length > 0).map(vectorName)
    assert.deepEqual(got, want)
    for (const vector of KINESIS_VECTORS.filter((v) => v.matches)) {
      const records = arrived.get(vector.index)!.map((r) => [r.partitionKey, r.data.toString('utf8')])
      assert.deepEqual(records, [[PARTITION_KEY, vectorRecordData(vector)]], vectorName(vector))
    }
  })

  it(`exactly the matching DynamoDB vectors reach their targets, raw and converted images (${DYNAMODB_VECTORS.length} vectors)`, () => {
    const want = DYNAMODB_VECTORS.filter((vector) => vector.matches).map(vectorName)
    const got = DYNAMODB_VECTORS.filter((vector) => arrived.get(vector.index)!.length > 0).map(vectorName)
    assert.deepEqual(got, want)
    for (const vector of DYNAMODB_VECTORS.filter((v) => v.matches)) assert.equal(arrived.get(vector.index)!.length, 1, vectorName(vector))
    // Both kinds of image take part: the table holds raw and converted vectors that match and that do not.
    const kinds = new Set(DYNAMODB_VECTORS.map((vector) => `${vector.convertDDB ? 'converted' : 'raw'} ${vector.matches}`))
    assert.equal(kinds.size, 4)
  })

  it('EMF: Filtered is 1 for each vector that does not match and 0 for each that does; Delivered the other way round', () => {
    const got = VECTORS.map((vector) => {
      const metric = targetMetric(invocation.logs, id(vector))
      return [vectorName(vector), metric?.Filtered, metric?.Delivered]
    })
    const want = VECTORS.map((vector) => [vectorName(vector), vector.matches ? 0 : 1, vector.matches ? 1 : 0])
    assert.deepEqual(got, want)
    const ids = VECTORS.map(id)
    assert.equal(metricSum(invocation.logs, 'Filtered', ids), VECTORS.filter((vector) => !vector.matches).length)
    assert.equal(metricSum(invocation.logs, 'Failed', ids), 0)
  })
})
