// tail on DynamoDB streams, through moto server (which implements dynamodbstreams).
import {strict as assert} from 'node:assert'
import {CreateTableCommand, DeleteItemCommand, DeleteTableCommand, DynamoDBClient, PutItemCommand} from '@aws-sdk/client-dynamodb'
import {createClient} from '../../../runtime/aws/client-factory.js'
import {runCli} from '../../helpers/cli.js'
import {useTestAwsEnv} from '../../helpers/emulators.js'
import {MOTO_ENDPOINT, requireService} from '../../helpers/services.js'

const unique = (prefix: string) => `${prefix}-${Math.random().toString(36).slice(2, 8)}`

describe('tail command (DynamoDB streams on moto)', function () {
  this.timeout(60_000)
  const withStream = unique('tail-ddb')
  const withoutStream = unique('tail-nostream')
  let dynamodb: DynamoDBClient
  const env = {AWS_ENDPOINT_URL: MOTO_ENDPOINT}
  let between: Date

  before(async function () {
    await requireService(this, 'moto')
    useTestAwsEnv()
    dynamodb = createClient(DynamoDBClient, {endpoint: MOTO_ENDPOINT, region: 'us-east-1'})
    const key = {
      AttributeDefinitions: [{AttributeName: 'pk', AttributeType: 'S' as const}, {AttributeName: 'sk', AttributeType: 'N' as const}],
      BillingMode: 'PAY_PER_REQUEST' as const,
      KeySchema: [{AttributeName: 'pk', KeyType: 'HASH' as const}, {AttributeName: 'sk', KeyType: 'RANGE' as const}],
    }
    await dynamodb.send(new CreateTableCommand({...key, StreamSpecification: {StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES'}, TableName: withStream}))
    await dynamodb.send(new CreateTableCommand({...key, TableName: withoutStream}))
    const item = {bin: {B: Buffer.from([1, 2, 255])}, n: {N: '1'}, pk: {S: 'a'}, sk: {N: '7'}, tags: {SS: ['x', 'y']}}
    await dynamodb.send(new PutItemCommand({Item: item, TableName: withStream}))
    await dynamodb.send(new PutItemCommand({Item: {...item, n: {N: '2'}}, TableName: withStream}))
    await new Promise((resolve) => setTimeout(resolve, 1100))
    between = new Date()
    await new Promise((resolve) => setTimeout(resolve, 1100))
    await dynamodb.send(new DeleteItemCommand({Key: {pk: {S: 'a'}, sk: {N: '7'}}, TableName: withStream}))
  })

  after(async () => {
    for (const table of [withStream, withoutStream]) await dynamodb?.send(new DeleteTableCommand({TableName: table})).catch(() => {})
  })

  it('shows event name, keys and images as attribute values; data is the NewImage the fan-out sends', async () => {
    const result = await runCli(['tail', '--source-type', 'dynamodb', '--source', withStream, '--from', 'trim-horizon', '--no-follow', '--format', 'json'], {env})
    assert.equal(result.code, 0, result.stderr)
    const lines = result.stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line))
    assert.deepEqual(lines.map((l) => l.eventName), ['INSERT', 'MODIFY', 'REMOVE'])
    assert.ok(lines.every((l) => l.partitionKey === 'a|7'))
    assert.deepEqual(lines[0].keys, {pk: {S: 'a'}, sk: {N: '7'}})
    assert.deepEqual(JSON.parse(lines[0].data), lines[0].newImage)
    assert.equal(lines[0].newImage.bin.B, 'AQL/')
    assert.deepEqual(lines[1].oldImage.n, {N: '1'})
    assert.equal(lines[2].data, '{}')
    assert.equal(lines[2].newImage, undefined)
  })

  it('--convert-ddb shows plain JSON: numbers as numbers, sets as arrays, binary as base64', async () => {
    const result = await runCli(
      ['tail', '--source-type', 'dynamodb', '--source', withStream, '--from', 'trim-horizon', '--no-follow', '--format', 'json', '--convert-ddb'],
      {env},
    )
    assert.equal(result.code, 0, result.stderr)
    const [insert] = result.stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line))
    assert.deepEqual(insert.keys, {pk: 'a', sk: 7})
    assert.deepEqual(insert.newImage, {bin: 'AQL/', n: 1, pk: 'a', sk: 7, tags: ['x', 'y']})
    assert.deepEqual(JSON.parse(insert.data), insert.newImage)
  })

  it('--from <time> reads from TRIM_HORIZON and keeps records created since then (no AT_TIMESTAMP on DynamoDB streams)', async () => {
    const result = await runCli(
      ['tail', '--source-type', 'dynamodb', '--source', withStream, '--from', between.toISOString(), '--no-follow', '--format', 'json'],
      {env},
    )
    assert.equal(result.code, 0, result.stderr)
    assert.deepEqual(result.stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line).eventName), ['REMOVE'])
  })

  it('refuses a table without a stream, and an unknown stream ARN, in one line', async () => {
    const noStream = await runCli(['tail', '--source-type', 'dynamodb', '--source', withoutStream], {env})
    assert.equal(noStream.code, 1)
    assert.match(noStream.stderr, new RegExp(`^Error: DynamoDB table '${withoutStream}' has no stream .*\\n$`))
    const unknown = await runCli(['tail', '--source-arn', `arn:aws:dynamodb:us-east-1:123456789012:table/${unique('gone')}/stream/2024-01-01T00:00:00.000`], {env})
    assert.equal(unknown.code, 1)
    assert.match(unknown.stderr, /^Error: DynamoDB stream of table 'gone-\w+' not found: .*\n$/)
  })
})
