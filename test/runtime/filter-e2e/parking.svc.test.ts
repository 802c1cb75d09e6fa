// Filters and parking (moto: DynamoDB, SQS, S3), through the packaged function: a filtered mapping
// whose queue does not exist (refused for good, parkAfter 0) parks exactly the records its filter
// matches; those it filtered out are neither parked nor retried.
import assert from 'node:assert/strict'
import type {DynamoDBClient} from '@aws-sdk/client-dynamodb'
import type {S3Client} from '@aws-sdk/client-s3'
import {kinesisEvent, kinesisStreamArn, sequenceNumber} from '../../helpers/events.js'
import {MOTO_ENDPOINT, requireService} from '../../helpers/services.js'
import {invokePackaged} from '../../helpers/zip-handler.js'
import {createMappingTable, dynamo, putRow, suffix} from '../fixtures.js'
import {createBucket, parkedObjects, s3} from '../faults/fixtures.js'
import {targetMetric} from './fixture.js'

type Result = {batchItemFailures: Array<{itemIdentifier: string}>}

describe('filters and parking (packaged handler, moto server)', function () {
  this.timeout(120_000)
  let ddb: DynamoDBClient
  let bucketClient: S3Client
  const table = `filter-park-${suffix()}`
  const bucket = `filter-parked-${suffix()}`

  before(async function () {
    await requireService(this, 'moto')
    ddb = dynamo(MOTO_ENDPOINT)
    bucketClient = s3()
    await createMappingTable(ddb, table)
    await createBucket(bucketClient, bucket)
  })
  after(() => {
    ddb?.destroy()
    bucketClient?.destroy()
  })

  it('parks exactly the matching records of a mapping whose queue does not exist; filtered ones are not parked, nothing is retried', async () => {
    const source = kinesisStreamArn(`filter-park-src-${suffix()}`)
    const queue = `${MOTO_ENDPOINT}/123456789012/missing-${suffix()}`
    await putRow(ddb, table, {active: true, collapse: 'none', destination: queue, filter: '{"data":{"kind":["order"]}}', id: 'orders', parkAfter: 0, sourceArn: source, type: 'sqs'})
    const records = ['{"kind":"refund","n":1}', '{"kind":"order","n":2}', 'not json', '{"kind":"order","n":4}', '{"kind":"refund","n":5}']
    const {results, logs} = await invokePackaged<Result>([kinesisEvent(source, records, 1)], {
      env: {AWS_ENDPOINT_URL: MOTO_ENDPOINT, AWS_ENDPOINT_URL_S3: MOTO_ENDPOINT, FANOUT_PARKING_BUCKET: bucket, FANOUT_TABLE: table},
    })
    assert.deepEqual(results, [{ok: true, value: {batchItemFailures: []}}])
    const objects = await parkedObjects(bucketClient, bucket, source, 'orders')
    assert.deepEqual(
      objects.flatMap((object) => object.lines.map((line) => line.sequenceNumber)),
      [sequenceNumber(2), sequenceNumber(4)],
    )
    const metric = targetMetric(logs, 'orders')
    assert.deepEqual([metric?.Parked, metric?.Filtered, metric?.Delivered], [2, 3, 0])
  })
})
