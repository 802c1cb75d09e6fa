// The control plane as a user runs it (node bin/run.js, no TTY) against moto server: deploy from
// nothing, again (unchanged), after a code change, hook / pause / resume / unhook, destroy; every
// resource read back through the SDK, policy documents included.
import {strict as assert} from 'node:assert'
import {DescribeTableCommand, DynamoDBClient, PutItemCommand} from '@aws-sdk/client-dynamodb'
import {GetRoleCommand, GetRolePolicyCommand, IAMClient, ListRolePoliciesCommand} from '@aws-sdk/client-iam'
import {CreateStreamCommand, DescribeStreamSummaryCommand, KinesisClient} from '@aws-sdk/client-kinesis'
import {GetFunctionCommand, LambdaClient, ListEventSourceMappingsCommand} from '@aws-sdk/client-lambda'
import {createClient} from '../../../runtime/aws/client-factory.js'
import {buildDeployZip} from '../../../src/package/deploy-zip.js'
import {snapshotBundle} from '../../helpers/bundle-copy.js'
import {runCli} from '../../helpers/cli.js'
import {TEST_AWS_ENV} from '../../helpers/emulators.js'
import {MOTO_ENDPOINT, requireService} from '../../helpers/services.js'

const ACCOUNT = '123456789012'
const REGION = 'us-east-1'

describe('deploy, hook, pause, resume, unhook, destroy (CLI against moto)', function () {
  this.timeout(60_000)
  const suffix = Math.random().toString(36).slice(2, 8)
  const fn = `fanoutCtl${suffix}`
  const table = `${fn}Targets`
  const role = `${fn}Role`
  const stream = `ctlSource${suffix}`
  const streamArn = `arn:aws:kinesis:${REGION}:${ACCOUNT}:stream/${stream}`
  const common = ['--function', fn, '--endpoint-url', MOTO_ENDPOINT, '--region', REGION]
  const timings: Record<string, number> = {}
  let lambda: LambdaClient
  let iam: IAMClient
  let ddb: DynamoDBClient
  let changedBundle: string
  let baseBundle: string

  const cli = async (args: string[], env: Record<string, string> = {}) => {
    const started = Date.now()
    const result = await runCli([...args, ...common], {env: {FANOUT_BUNDLE_PATH: baseBundle, ...env}})
    return {...result, ms: Date.now() - started}
  }
  const getFunction = async () => (await lambda.send(new GetFunctionCommand({FunctionName: fn}))).Configuration!
  const policyDocument = async (name: string) => {
    const out = await iam.send(new GetRolePolicyCommand({PolicyName: name, RoleName: role}))
    return JSON.parse(decodeURIComponent(out.PolicyDocument!))
  }
  const policyNames = async () => ((await iam.send(new ListRolePoliciesCommand({RoleName: role}))).PolicyNames ?? []).sort()
  const esms = async () => (await lambda.send(new ListEventSourceMappingsCommand({FunctionName: fn}))).EventSourceMappings ?? []

  before(async function () {
    await requireService(this, 'moto')
    const config = {credentials: {accessKeyId: TEST_AWS_ENV.AWS_ACCESS_KEY_ID, secretAccessKey: TEST_AWS_ENV.AWS_SECRET_ACCESS_KEY}, endpoint: MOTO_ENDPOINT, region: REGION}
    lambda = createClient(LambdaClient, config)
    iam = createClient(IAMClient, config)
    ddb = createClient(DynamoDBClient, config)
    const kinesis = createClient(KinesisClient, config)
    await kinesis.send(new CreateStreamCommand({ShardCount: 1, StreamName: stream}))
    assert.equal((await kinesis.send(new DescribeStreamSummaryCommand({StreamName: stream}))).StreamDescriptionSummary?.StreamARN, streamArn)
    // A snapshot of the bundle, and "changed code": a copy with different bytes.
    baseBundle = await snapshotBundle()
    changedBundle = await snapshotBundle({change: `changed ${suffix}`})
  })

  after(() => {
    console.log(`      timings (ms): ${JSON.stringify(timings)}`)
  })

  it('deploys from nothing: table, role with least-privilege policies, function', async () => {
    const result = await cli(['deploy', '--json'])
    timings.deployFromNothing = result.ms
    assert.equal(result.code, 0, result.stderr)
    const json = JSON.parse(result.stdout)
    assert.deepEqual(json.actions, {code: 'create', configuration: 'create', parking: 'create', role: 'create', table: 'create'})
    assert.equal(result.stderr, '', 'nothing but the JSON result with --json')

    const {Table} = await ddb.send(new DescribeTableCommand({TableName: table}))
    assert.equal(Table?.BillingModeSummary?.BillingMode, 'PAY_PER_REQUEST')
    assert.deepEqual(Table?.KeySchema, [
      {AttributeName: 'sourceArn', KeyType: 'HASH'},
      {AttributeName: 'id', KeyType: 'RANGE'},
    ])

    const {Role} = await iam.send(new GetRoleCommand({RoleName: role}))
    const trust = JSON.parse(decodeURIComponent(Role!.AssumeRolePolicyDocument!))
    assert.deepEqual(trust.Statement, [{Action: 'sts:AssumeRole', Effect: 'Allow', Principal: {Service: 'lambda.amazonaws.com'}}])
    assert.deepEqual(await policyNames(), ['fanout-logs', 'fanout-parking', 'fanout-read-config', 'fanout-read-streams'])
    assert.deepEqual((await policyDocument('fanout-read-config')).Statement, [
      {Action: ['dynamodb:Query'], Effect: 'Allow', Resource: [`arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${table}`], Sid: 'QueryMappings'},
    ])
    const logs = await policyDocument('fanout-logs')
    assert.deepEqual(logs.Statement[1].Resource, [`arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/lambda/${fn}:log-stream:*`])

    const config = await getFunction()
    const {sha256} = await buildDeployZip(baseBundle)
    assert.equal(config.CodeSha256, sha256)
    assert.equal(config.Handler, 'index.handler')
    assert.equal(config.Runtime, 'nodejs22.x')
    assert.equal(config.MemorySize, 256)
    assert.equal(config.Timeout, 60)
    assert.equal(config.Role, Role!.Arn)
    assert.deepEqual(config.Environment?.Variables, {FANOUT_PARKING_BUCKET: `${fn.toLowerCase()}-parked-${ACCOUNT}-${REGION}`, FANOUT_TABLE: table, MALLOC_TRIM_THRESHOLD_: '131072'})
  })

  it('deploys again with nothing changed: says so and changes nothing', async () => {
    const before = await getFunction()
    const result = await cli(['deploy'])
    timings.deployUnchanged = result.ms
    assert.equal(result.code, 0, result.stderr)
    assert.match(result.stdout, /Nothing to change: function \S+ is up to date/)
    assert.match(result.stdout, /= function code: unchanged/)
    const after = await getFunction()
    assert.equal(after.LastModified, before.LastModified)
    assert.equal(after.RevisionId, before.RevisionId)
  })

  it('deploys changed code and new mappings: code updated, publish policy scoped to the destinations', async () => {
    const row = (id: string, type: string, destination: string, extra: Record<string, unknown> = {}) =>
      ddb.send(
        new PutItemCommand({
          Item: {
            active: {BOOL: true},
            destination: {S: destination},
            id: {S: id},
            sourceArn: {S: streamArn},
            type: {S: type},
            ...Object.fromEntries(Object.entries(extra).map(([k, v]) => [k, typeof v === 'boolean' ? {BOOL: v} : {S: String(v)}])),
          },
          TableName: table,
        }),
      )
    await row('k', 'kinesis', 'outStream')
    await row('q', 'sqs', `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/outQueue`, {collapse: 'JSON'})
    await row('t', 'sns', `arn:aws:sns:${REGION}:${ACCOUNT}:outTopic`, {collapse: 'none'})
    // Written by this CLI with an explicit --collapse JSON: its author knows it is honoured.
    await row('q2', 'sqs', `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/outQueue`, {collapse: 'JSON', collapseSetBy: 'kinesis-fanout'})
    await row('l', 'lambda', 'otherFunction', {region: 'eu-west-1'})
    await row('x', 'kinesis', 'remoteStream', {role: 'arn:aws:iam::210987654321:role/fanoutWriter'})

    const result = await cli(['deploy', '--yes'], {FANOUT_BUNDLE_PATH: changedBundle})
    assert.equal(result.code, 0, result.stderr)
    assert.match(result.stdout, /~ function code: update/)
    assert.match(result.stdout, /mapping q \(sqs, collapse JSON\)/, 'points out the collapse behaviour change')
    assert.doesNotMatch(result.stdout, /mapping t \(sns/)
    assert.doesNotMatch(result.stdout, /mapping q2 /, 'no notice for a row whose collapse this CLI wrote')
    const {sha256} = await buildDeployZip(changedBundle)
    assert.equal((await getFunction()).CodeSha256, sha256)

    assert.deepEqual(await policyNames(), ['fanout-logs', 'fanout-parking', 'fanout-publish', 'fanout-read-config', 'fanout-read-streams'])
    const publish = await policyDocument('fanout-publish')
    assert.deepEqual(
      publish.Statement.map((s: {Action: string[]; Resource: string[]}) => [s.Action, s.Resource]),
      [
        [['kinesis:PutRecords'], [`arn:aws:kinesis:${REGION}:${ACCOUNT}:stream/outStream`]],
        [['lambda:InvokeFunction'], [`arn:aws:lambda:eu-west-1:${ACCOUNT}:function:otherFunction`]],
        [['sns:Publish'], [`arn:aws:sns:${REGION}:${ACCOUNT}:outTopic`]],
        [['sqs:SendMessage'], [`arn:aws:sqs:${REGION}:${ACCOUNT}:outQueue`]],
        [['sts:AssumeRole'], ['arn:aws:iam::210987654321:role/fanoutWriter']],
      ],
    )
    const streams = await policyDocument('fanout-read-streams')
    assert.deepEqual(streams.Statement[0].Resource, [streamArn, `${streamArn}/consumer/*`], 'stream read scoped to the table\'s sources')
  })

  it('--dry-run prints the plan with the documents and changes nothing', async () => {
    const result = await cli(['deploy', '--dry-run', '--memory', '512', '--yes'])
    assert.equal(result.code, 0, result.stderr)
    assert.match(result.stdout, /MemorySize: 256 -> 512/)
    assert.match(result.stdout, /"sqs:SendMessage"/)
    assert.equal((await getFunction()).MemorySize, 256)
  })

  it('hooks a source once, with ReportBatchItemFailures; a second hook reports the existing mapping', async () => {
    const first = await cli(['hook', '--source-type', 'kinesis', '--source', stream, '--batch-size', '50', '--starting-position', 'TRIM_HORIZON', '--json'])
    assert.equal(first.code, 0, first.stderr)
    assert.equal(JSON.parse(first.stdout).action, 'created')
    const again = await cli(['hook', '--source-arn', streamArn, '--batch-size', '70'])
    assert.equal(again.code, 0, again.stderr)
    assert.match(again.stdout, /Already hooked/)
    assert.match(again.stderr, /--update/)
    const list = await esms()
    assert.equal(list.length, 1)
    assert.equal(list[0].EventSourceArn, streamArn)
    assert.equal(list[0].BatchSize, 50)
    assert.equal(list[0].StartingPosition, 'TRIM_HORIZON')
    assert.deepEqual(list[0].FunctionResponseTypes, ['ReportBatchItemFailures'])

    const dlq = `arn:aws:sqs:${REGION}:${ACCOUNT}:dlq${suffix}`
    const updated = await cli(['hook', '--source-arn', streamArn, '--batch-size', '70', '--on-failure', dlq, '--update'])
    assert.equal(updated.code, 0, updated.stderr)
    assert.equal((await esms())[0].BatchSize, 70)
    assert.equal((await esms())[0].DestinationConfig?.OnFailure?.Destination, dlq)
    const sqsGrant = (await policyDocument('fanout-publish')).Statement.find((s: {Sid: string}) => s.Sid === 'PublishSqs')
    assert.deepEqual(sqsGrant.Resource, [dlq, `arn:aws:sqs:${REGION}:${ACCOUNT}:outQueue`], 'the role may send to the on-failure queue')
  })

  it('hook refuses an unknown stream (by name or by ARN) and a malformed ARN with one line, creating nothing', async () => {
    const missingArn = `arn:aws:kinesis:${REGION}:${ACCOUNT}:stream/missing${suffix}`
    const cases: Array<[string[], RegExp]> = [
      [['--source-type', 'kinesis', '--source', `missing${suffix}`], new RegExp(`^Error: Kinesis stream 'missing${suffix}' not found`)],
      [['--source-arn', missingArn], new RegExp(`^Error: Source ${missingArn} not found: .*\\(check --source-arn and --region\\)$`)],
      [['--source-arn', 'arn:aws:kinesis:nowhere'], /^Error: Invalid --source-arn 'arn:aws:kinesis:nowhere'/],
    ]
    for (const [args, message] of cases) {
      const refused = await cli(['hook', ...args])
      assert.equal(refused.code, 1, refused.stderr)
      assert.equal(refused.stderr.trim().split('\n').length, 1, refused.stderr)
      assert.match(refused.stderr.trim(), message)
      assert.equal(refused.stdout, '')
    }
    assert.equal((await esms()).length, 1)
  })

  it('pauses and resumes the mapping', async () => {
    const paused = await cli(['pause', '--source-arn', streamArn])
    assert.equal(paused.code, 0, paused.stderr)
    assert.equal((await esms())[0].State, 'Disabled')
    const resumed = await cli(['resume', '--source-type', 'kinesis', '--source', stream])
    assert.equal(resumed.code, 0, resumed.stderr)
    assert.equal((await esms())[0].State, 'Enabled')
  })

  it('unhooks; unhook, pause and resume of a source that is not hooked fail with one line', async () => {
    const result = await cli(['unhook', '--source-arn', streamArn])
    assert.equal(result.code, 0, result.stderr)
    assert.equal((await esms()).length, 0)
    for (const command of ['unhook', 'pause', 'resume']) {
      const refused = await cli([command, '--source-arn', streamArn])
      assert.notEqual(refused.code, 0)
      assert.equal(refused.stderr.trim().split('\n').length, 1, refused.stderr)
      assert.match(refused.stderr, /^Error: No event source mapping from .* to function/)
    }
  })

  it('destroy without --yes and without a terminal refuses and changes nothing', async () => {
    await cli(['hook', '--source-arn', streamArn])
    const refused = await cli(['destroy', '--delete-table', '--delete-role'])
    assert.notEqual(refused.code, 0)
    assert.match(refused.stderr, /--yes/)
    assert.equal(refused.stderr.trim().split('\n').length, 1, refused.stderr)
    assert.ok(await getFunction())
    assert.equal((await esms()).length, 1)
  })

  it('destroy --yes removes the mappings and the function; table and role only when asked', async () => {
    const result = await cli(['destroy', '--yes', '--json'])
    assert.equal(result.code, 0, result.stderr)
    assert.deepEqual(JSON.parse(result.stdout).deletedFunction, true)
    await assert.rejects(getFunction(), {name: 'ResourceNotFoundException'})
    assert.equal((await esms()).length, 0)
    assert.ok((await ddb.send(new DescribeTableCommand({TableName: table}))).Table, 'table kept without --delete-table')
    assert.ok((await iam.send(new GetRoleCommand({RoleName: role}))).Role, 'role kept without --delete-role')

    const all = await cli(['destroy', '--yes', '--delete-table', '--delete-role'])
    assert.equal(all.code, 0, all.stderr)
    await assert.rejects(ddb.send(new DescribeTableCommand({TableName: table})), {name: 'ResourceNotFoundException'})
    await assert.rejects(iam.send(new GetRoleCommand({RoleName: role})), {name: 'NoSuchEntityException'})
  })
})
