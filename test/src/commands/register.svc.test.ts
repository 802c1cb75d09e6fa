// register, list and unregister as a user runs them against moto server: a DynamoDB table's
// latest stream looked up by table name, SNS and SQS destinations resolved by name; the fan-out
// function and its role do not exist, and the commands work all the same.
import {strict as assert} from 'node:assert'
import {CreateTableCommand, DynamoDBClient, ScanCommand} from '@aws-sdk/client-dynamodb'
import {CreateTopicCommand, SNSClient} from '@aws-sdk/client-sns'
import {CreateQueueCommand, SQSClient} from '@aws-sdk/client-sqs'
import {createClient} from '../../../runtime/aws/client-factory.js'
import {AwsClients} from '../../../src/aws/clients.js'
import {listSourceChoices} from '../../../src/mappings/source-choices.js'
import {runCli} from '../../helpers/cli.js'
import {useTestAwsEnv} from '../../helpers/emulators.js'
import {MOTO_ENDPOINT, requireService} from '../../helpers/services.js'
import {errorLine, unique} from '../mappings/fixture.js'

describe('register with name look-ups (moto)', function () {
  const suffix = unique()
  const configTable = `fanoutTargets-${suffix}`
  const users = `users-${suffix}`
  const topic = `events-${suffix}`
  const queue = `audit-${suffix}`
  let ddb: DynamoDBClient
  let streamArn: string
  const cli = (args: string[]) => runCli([...args, '--table', configTable, '--function', `nofn-${suffix}`], {env: {AWS_ENDPOINT_URL: MOTO_ENDPOINT}})
  const scan = async () => (await ddb.send(new ScanCommand({ConsistentRead: true, TableName: configTable}))).Items ?? []

  before(async function () {
    await requireService(this, 'moto')
    useTestAwsEnv()
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'
    ddb = createClient(DynamoDBClient, {endpoint: MOTO_ENDPOINT, region: 'us-east-1'})
    const [, created] = await Promise.all([
      ddb.send(
        new CreateTableCommand({
          AttributeDefinitions: [{AttributeName: 'sourceArn', AttributeType: 'S'}, {AttributeName: 'id', AttributeType: 'S'}],
          BillingMode: 'PAY_PER_REQUEST',
          KeySchema: [{AttributeName: 'sourceArn', KeyType: 'HASH'}, {AttributeName: 'id', KeyType: 'RANGE'}],
          TableName: configTable,
        }),
      ),
      ddb.send(
        new CreateTableCommand({
          AttributeDefinitions: [{AttributeName: 'pk', AttributeType: 'S'}],
          BillingMode: 'PAY_PER_REQUEST',
          KeySchema: [{AttributeName: 'pk', KeyType: 'HASH'}],
          StreamSpecification: {StreamEnabled: true, StreamViewType: 'NEW_IMAGE'},
          TableName: users,
        }),
      ),
      createClient(SNSClient, {endpoint: MOTO_ENDPOINT, region: 'us-east-1'}).send(new CreateTopicCommand({Name: topic})),
      createClient(SQSClient, {endpoint: MOTO_ENDPOINT, region: 'us-east-1'}).send(new CreateQueueCommand({QueueName: queue})),
    ])
    streamArn = created.TableDescription!.LatestStreamArn!
  })
  after(() => ddb?.destroy())

  it('registers an sns mapping on a DynamoDB table\'s stream, both given by name', async () => {
    const result = await cli(['register', 'sns', '--source-type', 'dynamodb', '--source', users, '--id', 'to-topic', '--destination', topic, '--collapse', 'JSON', '--convert-ddb', '--active'])
    assert.equal(result.code, 0, result.stderr)
    const [item] = (await scan()).filter((row) => row.id.S === 'to-topic')
    assert.deepEqual(item, {
      active: {BOOL: true}, collapse: {S: 'JSON'}, collapseSetBy: {S: 'kinesis-fanout'}, convertDDB: {BOOL: true}, destination: {S: `arn:aws:sns:us-east-1:123456789012:${topic}`},
      id: {S: 'to-topic'}, parallel: {BOOL: true}, sourceArn: {S: streamArn}, type: {S: 'sns'},
    })
  })

  it('registers an sqs mapping by queue name (stored as the queue URL)', async () => {
    const result = await cli(['register', 'sqs', '--source-arn', streamArn, '--id', 'to-queue', '--destination', queue])
    assert.equal(result.code, 0, result.stderr)
    const [item] = (await scan()).filter((row) => row.id.S === 'to-queue')
    assert.match(item.destination.S ?? '', new RegExp(`/123456789012/${queue}$`))
  })

  it('refuses a lambda function that does not exist, naming it; the table is unchanged', async () => {
    const before = await scan()
    const result = await cli(['register', 'lambda', '--source-arn', streamArn, '--id', 'to-fn', '--destination', `ghost-${suffix}`])
    assert.notEqual(result.code, 0)
    assert.match(errorLine(result), new RegExp(`Lambda function 'ghost-${suffix}' not found in us-east-1`))
    assert.deepEqual(await scan(), before)
  })

  it('offers DynamoDB tables that have a stream as wizard sources (by stream ARN), not tables without one', async () => {
    const choices = await listSourceChoices(new AwsClients({endpointUrl: MOTO_ENDPOINT, region: 'us-east-1'}), 'dynamodb')
    assert.deepEqual(choices.find((choice) => choice.name.startsWith(users))?.value, {'source-arn': streamArn})
    assert.ok(!choices.some((choice) => choice.name.startsWith(configTable)))
  })

  it('lists the source by table name; the sns row registered with --collapse JSON is not pointed out (its author chose it)', async () => {
    const result = await cli(['list', '--source-type', 'dynamodb', '--source', users])
    assert.equal(result.code, 0, result.stderr)
    assert.match(result.stdout, /^to-topic\s+sns\s+yes\s+arn:aws:sns\S+\s+JSON\s+parallel/m)
    assert.match(result.stdout, /^to-queue\s+sqs\s+no\s+\S+\s+none\s+parallel/m)
    assert.doesNotMatch(result.stdout, /Bash-era function sent one message per record/)
  })
})
