// `tail --filter` on DynamoDB streams (moto server): every DynamoDB vector of the event-pattern
// table, raw and converted (--convert-ddb), its stream record made by real writes: an INSERT
// (PutItem), a MODIFY (PutItem over an item) and a REMOVE (DeleteItem), each in a table of its own;
// and `tail --target` applying a convertDDB mapping's filter and template.
import {strict as assert} from 'node:assert'
import {CreateTableCommand, DeleteItemCommand, DeleteTableCommand, DescribeTableCommand, DynamoDBClient, PutItemCommand, type AttributeValue} from '@aws-sdk/client-dynamodb'
import {createClient} from '../../../runtime/aws/client-factory.js'
import {runCli} from '../../helpers/cli.js'
import {MOTO_ENDPOINT, requireService} from '../../helpers/services.js'
import {createMappingTable, putRow, suffix, TEST_AWS_ENV_CREDENTIALS} from '../../runtime/fixtures.js'
import {DYNAMODB_VECTORS, mapLimit, vectorName, type IndexedVector} from '../../runtime/filter-e2e/fixture.js'

type EventName = 'INSERT' | 'MODIFY' | 'REMOVE'

describe('tail --filter on DynamoDB streams: every DynamoDB vector, raw and converted (moto server)', function () {
  this.timeout(180_000)
  let dynamodb: DynamoDBClient
  const env = {AWS_ENDPOINT_URL: MOTO_ENDPOINT}
  const run = suffix()
  /** The table whose stream holds the vector's record, per event name. */
  const tables: Record<EventName, string> = {INSERT: `tf-insert-${run}`, MODIFY: `tf-modify-${run}`, REMOVE: `tf-remove-${run}`}
  const printed = new Map<number, string[]>()
  const failures: string[] = []

  before(async function () {
    await requireService(this, 'moto')
    dynamodb = createClient(DynamoDBClient, {credentials: TEST_AWS_ENV_CREDENTIALS, endpoint: MOTO_ENDPOINT, region: 'us-east-1'})
    const table = async (name: string, key: string, type: 'S' | 'N') =>
      dynamodb.send(
        new CreateTableCommand({
          AttributeDefinitions: [{AttributeName: key, AttributeType: type}],
          BillingMode: 'PAY_PER_REQUEST',
          KeySchema: [{AttributeName: key, KeyType: 'HASH'}],
          StreamSpecification: {StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES'},
          TableName: name,
        }),
      )
    const put = (name: string, item: Record<string, AttributeValue>) => dynamodb.send(new PutItemCommand({Item: item, TableName: name}))
    // The records of the vectors (vectors.ts ddbInsert, ddbModify, ddbRemove), from their images.
    const record = (eventName: EventName) => DYNAMODB_VECTORS.find((v) => v.dynamodbRecord!.eventName === eventName)!.dynamodbRecord!.dynamodb
    const [insert, modify, remove] = [record('INSERT'), record('MODIFY'), record('REMOVE')]
    await Promise.all([table(tables.INSERT, 'CustomerName', 'S'), table(tables.MODIFY, 'id', 'N'), table(tables.REMOVE, 'id', 'N')])
    await put(tables.INSERT, insert.NewImage as unknown as Record<string, AttributeValue>)
    await put(tables.MODIFY, modify.OldImage as unknown as Record<string, AttributeValue>)
    await put(tables.MODIFY, modify.NewImage as unknown as Record<string, AttributeValue>)
    await put(tables.REMOVE, remove.OldImage as unknown as Record<string, AttributeValue>)
    await dynamodb.send(new DeleteItemCommand({Key: remove.Keys as unknown as Record<string, AttributeValue>, TableName: tables.REMOVE}))

    await mapLimit(DYNAMODB_VECTORS, 3, async (vector: IndexedVector) => {
      const eventName = vector.dynamodbRecord!.eventName
      const args = ['tail', '--source-type', 'dynamodb', '--source', tables[eventName], '--from', 'trim-horizon', '--no-follow', '--format', 'json']
      const result = await runCli([...args, '--filter', vector.pattern, ...(vector.convertDDB ? ['--convert-ddb'] : [])], {env})
      if (result.code !== 0) failures.push(`${vectorName(vector)}: exit ${result.code}: ${result.stderr.trim()}`)
      const lines = result.code === 0 ? result.stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line) as {eventName: string}) : []
      // The stream of the MODIFY and REMOVE tables also holds the INSERT that came first: the vector's record is the one of its event name.
      printed.set(vector.index, lines.map((line) => line.eventName).filter((name) => name === eventName))
    })
  })
  after(async () => {
    for (const name of [...Object.values(tables), `tf-mappings-${run}`]) await dynamodb?.send(new DeleteTableCommand({TableName: name})).catch(() => {})
    dynamodb?.destroy()
  })

  it(`tail exits 0 for each of the ${DYNAMODB_VECTORS.length} vectors`, () => {
    assert.deepEqual(failures, [])
  })

  it('exactly the matching vectors print their record, once', () => {
    const got = DYNAMODB_VECTORS.map((vector) => [vectorName(vector), printed.get(vector.index)?.length])
    const want = DYNAMODB_VECTORS.map((vector) => [vectorName(vector), vector.matches ? 1 : 0])
    assert.deepEqual(got, want)
  })

  it("--target ID applies a convertDDB mapping's filter and partitionKey template to the stream's records", async () => {
    const mappings = `tf-mappings-${run}`
    await createMappingTable(dynamodb, mappings)
    const {Table} = await dynamodb.send(new DescribeTableCommand({TableName: tables.MODIFY}))
    await putRow(dynamodb, mappings, {
      active: true,
      convertDDB: true,
      destination: `tf-out-${run}`,
      filter: '{"dynamodb":{"NewImage":{"status":["shipped"]}}}',
      id: 'shipped',
      partitionKey: 'id-${dynamodb.Keys.id}',
      sourceArn: Table!.LatestStreamArn!,
      type: 'kinesis',
    })
    const result = await runCli(
      ['tail', '--source-type', 'dynamodb', '--source', tables.MODIFY, '--from', 'trim-horizon', '--no-follow', '--format', 'json', '--target', 'shipped', '--table', mappings],
      {env},
    )
    assert.equal(result.code, 0, result.stderr)
    const previews = result.stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line) as {fields?: Record<string, string>; payload?: string})
    // The INSERT (status pending) is filtered out; the MODIFY goes as its converted NewImage.
    assert.deepEqual(
      previews.map((preview) => [preview.fields?.PartitionKey ?? preview.fields?.partitionKey, preview.payload]),
      [['id-7', '{"id":7,"status":"shipped"}']],
    )
  })
})
