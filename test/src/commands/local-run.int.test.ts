// local-run as a user runs it: the packaged function fed from a kinesalite stream, its mappings in a
// dynalite table, delivering to another kinesalite stream.
import {strict as assert} from 'node:assert'
import {CreateStreamCommand, DescribeStreamCommand, GetRecordsCommand, GetShardIteratorCommand, KinesisClient, PutRecordsCommand} from '@aws-sdk/client-kinesis'
import {CreateTableCommand, DynamoDBClient, PutItemCommand} from '@aws-sdk/client-dynamodb'
import {createClient} from '../../../runtime/aws/client-factory.js'
import {runCli} from '../../helpers/cli.js'
import {startDynalite, startKinesalite, useTestAwsEnv, type Emulator} from '../../helpers/emulators.js'

const unique = (prefix: string) => `${prefix}-${Math.random().toString(36).slice(2, 8)}`

describe('local-run command', function () {
  this.timeout(60_000)
  let kinesalite: Emulator
  let dynalite: Emulator

  before(async () => {
    useTestAwsEnv()
    ;[kinesalite, dynalite] = await Promise.all([startKinesalite(), startDynalite()])
  })
  after(async () => Promise.all([kinesalite?.close(), dynalite?.close()]))

  it('runs the packaged function on every shard and delivers to the mapping destinations', async () => {
    const kinesis = createClient(KinesisClient, {endpoint: kinesalite.endpoint, region: 'us-east-1'})
    const dynamodb = createClient(DynamoDBClient, {endpoint: dynalite.endpoint, region: 'us-east-1'})
    const [source, destination, table] = [unique('lr-src'), unique('lr-dst'), unique('lrTargets')]
    await Promise.all([
      kinesis.send(new CreateStreamCommand({ShardCount: 2, StreamName: source})),
      kinesis.send(new CreateStreamCommand({ShardCount: 1, StreamName: destination})),
      dynamodb.send(
        new CreateTableCommand({
          AttributeDefinitions: [{AttributeName: 'sourceArn', AttributeType: 'S'}, {AttributeName: 'id', AttributeType: 'S'}],
          BillingMode: 'PAY_PER_REQUEST',
          KeySchema: [{AttributeName: 'sourceArn', KeyType: 'HASH'}, {AttributeName: 'id', KeyType: 'RANGE'}],
          TableName: table,
        }),
      ),
    ])
    await new Promise((resolve) => setTimeout(resolve, 100))
    await dynamodb.send(
      new PutItemCommand({
        Item: {
          active: {BOOL: true},
          destination: {S: destination},
          id: {S: 'copy'},
          sourceArn: {S: `arn:aws:kinesis:us-east-1:000000000000:stream/${source}`},
          type: {S: 'kinesis'},
        },
        TableName: table,
      }),
    )
    const sent = Array.from({length: 30}, (_, n) => `record-${n}`)
    await kinesis.send(new PutRecordsCommand({Records: sent.map((text, n) => ({Data: Buffer.from(text), PartitionKey: `k${n}`})), StreamName: source}))

    const result = await runCli(
      ['local-run', '--source-type', 'kinesis', '--source', source, '--from', 'trim-horizon', '--no-follow', '--table', table, '--batch-size', '10', '--json'],
      {env: {AWS_ENDPOINT_URL_DYNAMODB: dynalite.endpoint, AWS_ENDPOINT_URL_KINESIS: kinesalite.endpoint}},
    )
    assert.equal(result.code, 0, result.stderr)
    const summary = JSON.parse(result.stdout)
    assert.equal(summary.records, 30)
    assert.ok(summary.invocations >= 3, 'batches of at most 10 records')
    assert.deepEqual(summary.mappings.copy, {delivered: 30, failed: 0, skipped: 0})

    const shard = (await kinesis.send(new DescribeStreamCommand({StreamName: destination}))).StreamDescription!.Shards![0].ShardId!
    const {ShardIterator} = await kinesis.send(new GetShardIteratorCommand({ShardId: shard, ShardIteratorType: 'TRIM_HORIZON', StreamName: destination}))
    const out = await kinesis.send(new GetRecordsCommand({ShardIterator}))
    assert.deepEqual(out.Records!.map((r) => Buffer.from(r.Data!).toString()).sort(), [...sent].sort())
  })
})
