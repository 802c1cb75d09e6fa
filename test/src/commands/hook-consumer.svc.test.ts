// hook --consumer / unhook as a user runs them (node bin/run.js, no TTY) against moto server,
// behind the moto-fixes stand-in (test/helpers/moto-fixes.ts: consumer ARNs with `:<epoch>`,
// CREATING before ACTIVE, duplicate names refused, mappings on a consumer ARN).
import {strict as assert} from 'node:assert'
import {CreateTableCommand, DynamoDBClient} from '@aws-sdk/client-dynamodb'
import {GetRolePolicyCommand, IAMClient} from '@aws-sdk/client-iam'
import {CreateStreamCommand, KinesisClient, ListStreamConsumersCommand, RegisterStreamConsumerCommand} from '@aws-sdk/client-kinesis'
import {LambdaClient, ListEventSourceMappingsCommand} from '@aws-sdk/client-lambda'
import {createClient} from '../../../runtime/aws/client-factory.js'
import {snapshotBundle} from '../../helpers/bundle-copy.js'
import {runCli} from '../../helpers/cli.js'
import {TEST_AWS_ENV} from '../../helpers/emulators.js'
import {startMotoFixes, type MotoFixes} from '../../helpers/moto-fixes.js'
import {MOTO_ENDPOINT, requireService} from '../../helpers/services.js'

const ACCOUNT = '123456789012'
const REGION = 'us-east-1'

describe('hook --consumer, unhook (CLI against moto behind the moto-fixes stand-in)', function () {
  this.timeout(90_000)
  const suffix = Math.random().toString(36).slice(2, 8)
  const fn = `fanoutEfo${suffix}`
  const stream = `efoSource${suffix}`
  const full = `efoFull${suffix}`
  const streamArn = `arn:aws:kinesis:${REGION}:${ACCOUNT}:stream/${stream}`
  let fixes: MotoFixes
  let lambda: LambdaClient
  let iam: IAMClient
  let kinesis: KinesisClient
  let bundle: string
  let common: string[]

  const cli = (args: string[]) => runCli([...args, ...common], {env: {FANOUT_BUNDLE_PATH: bundle}})
  const esms = async () => (await lambda.send(new ListEventSourceMappingsCommand({FunctionName: fn}))).EventSourceMappings ?? []
  const consumers = async (arn = streamArn) => (await kinesis.send(new ListStreamConsumersCommand({StreamARN: arn}))).Consumers ?? []

  before(async function () {
    await requireService(this, 'moto')
    fixes = await startMotoFixes(MOTO_ENDPOINT, {activationMs: 1500})
    common = ['--function', fn, '--endpoint-url', fixes.endpoint, '--region', REGION]
    const config = {credentials: {accessKeyId: TEST_AWS_ENV.AWS_ACCESS_KEY_ID, secretAccessKey: TEST_AWS_ENV.AWS_SECRET_ACCESS_KEY}, endpoint: fixes.endpoint, region: REGION}
    lambda = createClient(LambdaClient, config)
    iam = createClient(IAMClient, config)
    kinesis = createClient(KinesisClient, config)
    await kinesis.send(new CreateStreamCommand({ShardCount: 1, StreamName: stream}))
    await kinesis.send(new CreateStreamCommand({ShardCount: 1, StreamName: full}))
    bundle = await snapshotBundle()
    const deployed = await cli(['deploy', '--json'])
    assert.equal(deployed.code, 0, deployed.stderr)
  })

  after(async () => {
    await fixes?.close()
  })

  it('registers the consumer, waits until ACTIVE, maps the function on its ARN, and names it in the role read policy', async () => {
    const result = await cli(['hook', '--source-type', 'kinesis', '--source', stream, '--consumer', 'fanout-efo', '--starting-position', 'trim_horizon', '--json'])
    assert.equal(result.code, 0, result.stderr)
    const json = JSON.parse(result.stdout)
    assert.equal(json.action, 'created')
    assert.equal(json.consumer.registered, true)
    assert.match(json.consumer.arn, new RegExp(`^${streamArn}/consumer/fanout-efo:\\d+$`))
    const [consumer] = await consumers()
    assert.equal(consumer.ConsumerStatus, 'ACTIVE')
    assert.equal(consumer.ConsumerARN, json.consumer.arn)
    const [mapping] = await esms()
    assert.equal(mapping.EventSourceArn, consumer.ConsumerARN)
    assert.equal(mapping.StartingPosition, 'TRIM_HORIZON')
    assert.deepEqual(mapping.FunctionResponseTypes, ['ReportBatchItemFailures'])
    const policy = JSON.parse(decodeURIComponent((await iam.send(new GetRolePolicyCommand({PolicyName: 'fanout-read-streams', RoleName: `${fn}Role`}))).PolicyDocument!))
    const statement = policy.Statement.find((s: {Sid: string}) => s.Sid === 'ReadKinesisConsumers')
    assert.deepEqual(statement, {Action: ['kinesis:DescribeStreamConsumer', 'kinesis:SubscribeToShard'], Effect: 'Allow', Resource: [consumer.ConsumerARN], Sid: 'ReadKinesisConsumers'})
  })

  it('hooking again reuses the consumer and the mapping (no duplicate); status shows the consumer', async () => {
    const result = await cli(['hook', '--source-type', 'kinesis', '--source', stream, '--consumer', 'fanout-efo', '--json'])
    assert.equal(result.code, 0, result.stderr)
    const json = JSON.parse(result.stdout)
    assert.equal(json.action, 'exists')
    assert.equal(json.consumer.registered, false)
    assert.equal((await consumers()).length, 1)
    assert.equal((await esms()).length, 1)
    const status = await cli(['status', '--json'])
    const source = JSON.parse(status.stdout).sources.find((s: {sourceArn: string}) => s.sourceArn === streamArn)
    assert.equal(source?.consumerArn, json.consumer.arn)
  })

  it('unhook deletes the mapping and deregisters the consumer hook registered', async () => {
    const result = await cli(['unhook', '--source-type', 'kinesis', '--source', stream, '--json'])
    assert.equal(result.code, 0, result.stderr)
    const json = JSON.parse(result.stdout)
    assert.equal(json.deregisteredConsumers.length, 1)
    assert.deepEqual(await esms(), [])
    await new Promise((resolve) => setTimeout(resolve, 500))
    assert.deepEqual(await consumers(), [])
  })

  it('a consumer that existed before is reused, and left in place by unhook', async () => {
    await kinesis.send(new RegisterStreamConsumerCommand({ConsumerName: 'theirs', StreamARN: streamArn}))
    const hooked = await cli(['hook', '--source-arn', streamArn, '--consumer', 'theirs', '--json'])
    assert.equal(hooked.code, 0, hooked.stderr)
    assert.equal(JSON.parse(hooked.stdout).consumer.registered, false)
    const unhooked = await cli(['unhook', '--source-arn', streamArn, '--json'])
    assert.equal(unhooked.code, 0, unhooked.stderr)
    assert.deepEqual(JSON.parse(unhooked.stdout).deregisteredConsumers, [])
    assert.deepEqual((await consumers()).map((c) => c.ConsumerName), ['theirs'])
  })

  it('refuses a 21st consumer before registering anything', async () => {
    const fullArn = `arn:aws:kinesis:${REGION}:${ACCOUNT}:stream/${full}`
    for (let n = 0; n < 20; n++) await kinesis.send(new RegisterStreamConsumerCommand({ConsumerName: `c${n}`, StreamARN: fullArn}))
    const result = await cli(['hook', '--source-arn', fullArn, '--consumer', 'one-more'])
    assert.equal(result.code, 1)
    assert.match(result.stderr, /already has 20 enhanced fan-out consumers, the most Kinesis allows \(20\): nothing was changed/)
    assert.equal((await consumers(fullArn)).length, 20)
    assert.deepEqual(await esms(), [])
  })

  it('a consumer that stays CREATING past --consumer-timeout: one error line, no mapping; hook again later reuses it', async () => {
    const slow = await startMotoFixes(MOTO_ENDPOINT, {activationMs: 60_000})
    try {
      const slowStream = `efoSlow${suffix}`
      await kinesis.send(new CreateStreamCommand({ShardCount: 1, StreamName: slowStream}))
      const result = await runCli(['hook', '--source-type', 'kinesis', '--source', slowStream, '--consumer', 'slow', '--consumer-timeout', '2', '--function', fn, '--endpoint-url', slow.endpoint, '--region', REGION], {
        env: {FANOUT_BUNDLE_PATH: bundle},
      })
      assert.equal(result.code, 1)
      assert.match(result.stderr, /Error: Consumer 'slow' is still CREATING after 2 s \(run hook again later: the consumer is reused by name\)\n$/)
      assert.deepEqual(await esms(), [])
      assert.deepEqual(slow.consumers.map((c) => c.name), ['slow'])
    } finally {
      await slow.close()
    }
  })

  it('DynamoDB sources refuse --consumer and AT_TIMESTAMP (usage errors, exit 2)', async () => {
    const ddb = createClient(DynamoDBClient, {credentials: {accessKeyId: 'testing', secretAccessKey: 'testing'}, endpoint: fixes.endpoint, region: REGION})
    const tableName = `efoTable${suffix}`
    await ddb.send(
      new CreateTableCommand({
        AttributeDefinitions: [{AttributeName: 'id', AttributeType: 'S'}],
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [{AttributeName: 'id', KeyType: 'HASH'}],
        StreamSpecification: {StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES'},
        TableName: tableName,
      }),
    )
    const consumer = await cli(['hook', '--source-type', 'dynamodb', '--source', tableName, '--consumer', 'x'])
    assert.equal(consumer.code, 2, consumer.stderr)
    assert.match(consumer.stderr, /--consumer is for Kinesis streams only/)
    const at = await cli(['hook', '--source-type', 'dynamodb', '--source', tableName, '--starting-position', 'at_timestamp', '--starting-position-timestamp', '2026-01-01T00:00:00Z'])
    assert.equal(at.code, 2, at.stderr)
    assert.match(at.stderr, /AT_TIMESTAMP is for Kinesis sources only/)
    assert.deepEqual(await esms(), [])
  })
})
