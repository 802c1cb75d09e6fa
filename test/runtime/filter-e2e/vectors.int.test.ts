// Every event-pattern vector (test/runtime/filter/vectors.ts) end to end through the PACKAGED
// function: one mapping row per vector, `filter` = the vector's pattern (convertDDB for converted
// DynamoDB vectors), its own source ARN and its own kinesalite destination stream; one event with
// the record of every Kinesis vector and one with the record of every DynamoDB vector, in one warm
// container. What reached each destination is read back: exactly the matching vectors' records,
// byte for byte with their keys; the EMF `Filtered` count is 1 for each vector that does not match.
// Then the Kinesis vectors again as KPL user records (docs/filters.md: each matched on its own): one
// aggregate per distinct pattern, holding the records of the vectors of that pattern.
import assert from 'node:assert/strict'
import {dynamodbStreamArn, kinesisRecord, kinesisStreamArn, sequenceNumber} from '../../helpers/events.js'
import {aggregate} from '../../helpers/kpl.js'
import type {StreamRecord} from '../fixtures.js'
import {ARRIVAL, PARTITION_KEY, SEQUENCE_NUMBER, vectorEventRecord, vectorRecordData} from '../filter/vectors.js'
import {DYNAMODB_VECTORS, KINESIS_VECTORS, VECTORS, emfDeclaration, groupByPattern, mapLimit, metricSum, startPackagedWorld, targetMetric, vectorName, type IndexedVector, type PackagedWorld} from './fixture.js'

type Result = {batchItemFailures: Array<{itemIdentifier: string}>}

describe('filter vectors end to end: packaged handler, one mapping per vector (kinesalite, dynalite)', function () {
  this.timeout(120_000)
  let world: PackagedWorld
  const id = (vector: IndexedVector) => `v${String(vector.index).padStart(3, '0')}`
  const sourceArn = (vector: IndexedVector) =>
    vector.source === 'kinesis' ? kinesisStreamArn(world.name(`vec-src-${id(vector)}`)) : dynamodbStreamArn(world.name(`vecsrc${id(vector)}`))
  const destination = (vector: IndexedVector) => world.name(`vec-out-${id(vector)}`)
  let invocation: {results: unknown[]; logs: string[]}
  let arrived: Map<number, StreamRecord[]>

  before(async function () {
    world = await startPackagedWorld({shardLimit: VECTORS.length + 10})
    await mapLimit(VECTORS, 8, async (vector) => {
      await world.stream(destination(vector))
      await world.row(sourceArn(vector), id(vector), destination(vector), {filter: vector.pattern, ...(vector.convertDDB ? {convertDDB: true} : {})})
    })
    const event = (vectors: IndexedVector[]) => ({Records: vectors.map((vector) => vectorEventRecord(vector, sourceArn(vector), sequenceNumber(vector.index + 1)))})
    invocation = await world.invoke<Result>([event(KINESIS_VECTORS), event(DYNAMODB_VECTORS)])
    const read = await mapLimit(VECTORS, 8, (vector) => world.read(destination(vector)))
    arrived = new Map(VECTORS.map((vector, n) => [vector.index, read[n]]))
  })
  after(() => world?.close())

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
    // Declared to CloudWatch, so the metric exists (and `status` finds it by these dimensions).
    const declared = emfDeclaration(targetMetric(invocation.logs, id(VECTORS[0]))!)
    assert.deepEqual([declared.namespace, declared.dimensions, declared.metrics.includes('Filtered')], ['Custom/FanOut', [['Source', 'Target', 'TargetType']], true])
  })
})

describe('filter vectors end to end as KPL user records: one aggregate per pattern, deaggregate mappings (packaged handler)', function () {
  this.timeout(120_000)
  let world: PackagedWorld
  const groups = groupByPattern(KINESIS_VECTORS)
  const id = (n: number) => `kpl${String(n).padStart(3, '0')}`
  const sourceArn = (n: number) => kinesisStreamArn(world.name(`kpl-src-${id(n)}`))
  const destination = (n: number) => world.name(`kpl-out-${id(n)}`)
  let invocation: {results: unknown[]; logs: string[]}
  let arrived: string[][]

  before(async () => {
    world = await startPackagedWorld({shardLimit: groups.length + 10})
    await mapLimit(groups, 8, async (vectors, n) => {
      await world.stream(destination(n))
      await world.row(sourceArn(n), id(n), destination(n), {deaggregate: true, filter: vectors[0].pattern})
    })
    // Each aggregate holds the records of the vectors of one pattern; the Kinesis record carrying it
    // has the vectors' arrival time and sequence number, which its user records share.
    const records = await Promise.all(
      groups.map(async (vectors, n) => {
        const [aggregated] = await aggregate(vectors.map((vector) => ({data: vectorRecordData(vector)!, partitionKey: PARTITION_KEY})))
        const record = kinesisRecord(sourceArn(n), n + 1, {data: aggregated.data, partitionKey: PARTITION_KEY})
        return {...record, kinesis: {...record.kinesis, approximateArrivalTimestamp: ARRIVAL, sequenceNumber: SEQUENCE_NUMBER}}
      }),
    )
    invocation = await world.invoke<Result>([{Records: records}])
    arrived = await mapLimit(groups, 8, async (_, n) => (await world.read(destination(n))).map((r) => `${r.partitionKey} ${r.data.toString('utf8')}`))
  })
  after(() => world?.close())

  it(`exactly the matching user records of each aggregate arrive, in order (${KINESIS_VECTORS.length} vectors, ${groups.length} aggregates)`, () => {
    assert.deepEqual(invocation.results, [{ok: true, value: {batchItemFailures: []}}])
    const got = groups.map((vectors, n) => [vectorName(vectors[0]), arrived[n]])
    const want = groups.map((vectors) => [vectorName(vectors[0]), vectors.filter((v) => v.matches).map((v) => `${PARTITION_KEY} ${vectorRecordData(v)}`)])
    assert.deepEqual(got, want)
  })

  it('EMF: each user record that does not match counts once in Filtered', () => {
    const got = groups.map((vectors, n) => [vectorName(vectors[0]), targetMetric(invocation.logs, id(n))?.Filtered])
    const want = groups.map((vectors) => [vectorName(vectors[0]), vectors.filter((v) => !v.matches).length])
    assert.deepEqual(got, want)
  })
})
