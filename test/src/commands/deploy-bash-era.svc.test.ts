// deploy over what the Bash CLI left: its provisioned table is used as is, its `<function>Role` is
// taken over (the `*` publish policy replaced by scoped ones). And the plan of VPC mode (moto).
import {strict as assert} from 'node:assert'
import {CreateTableCommand, DeleteTableCommand, DescribeTableCommand, DynamoDBClient} from '@aws-sdk/client-dynamodb'
import {CreateRoleCommand, GetRoleCommand, IAMClient, ListRolePoliciesCommand, PutRolePolicyCommand} from '@aws-sdk/client-iam'
import {createClient} from '../../../runtime/aws/client-factory.js'
import {runCli} from '../../helpers/cli.js'
import {TEST_AWS_ENV} from '../../helpers/emulators.js'
import {MOTO_ENDPOINT, requireService} from '../../helpers/services.js'

describe('deploy over Bash-era resources, VPC plan (CLI against moto)', function () {
  this.timeout(60_000)
  const suffix = Math.random().toString(36).slice(2, 8)
  const fn = `fanoutBash${suffix}`
  const common = ['--function', fn, '--endpoint-url', MOTO_ENDPOINT]
  let iam: IAMClient
  let ddb: DynamoDBClient

  before(async function () {
    await requireService(this, 'moto')
    const config = {credentials: {accessKeyId: TEST_AWS_ENV.AWS_ACCESS_KEY_ID, secretAccessKey: TEST_AWS_ENV.AWS_SECRET_ACCESS_KEY}, endpoint: MOTO_ENDPOINT, region: 'us-east-1'}
    iam = createClient(IAMClient, config)
    ddb = createClient(DynamoDBClient, config)
  })

  after(async () => {
    if (iam) await runCli(['destroy', ...common, '--yes', '--delete-table', '--delete-role'])
  })

  it('--dry-run with --subnet/--security-group (comma-separated) plans VPC mode and creates nothing', async () => {
    const result = await runCli(['deploy', ...common, '--dry-run', '--subnet', 'subnet-1,subnet-2', '--security-group', 'sg-1', '--json'])
    assert.equal(result.code, 0, result.stderr)
    const {plan} = JSON.parse(result.stdout)
    assert.deepEqual(plan.function.vpc, {securityGroupIds: ['sg-1'], subnetIds: ['subnet-1', 'subnet-2']})
    const vpc = plan.role.policies.find((p: {name: string}) => p.name === 'fanout-vpc')
    assert.equal(vpc.action, 'create')
    assert.ok(vpc.document.Statement[0].Action.includes('ec2:CreateNetworkInterface'))
    await assert.rejects(ddb.send(new DescribeTableCommand({TableName: `${fn}Targets`})), {name: 'ResourceNotFoundException'})

    const half = await runCli(['deploy', ...common, '--subnet', 'subnet-1'])
    assert.notEqual(half.code, 0)
    assert.equal(half.stderr.trim(), 'Error: VPC mode needs both --subnet and --security-group')
  })

  it('refuses a table whose key is not sourceArn + id, with one line, creating nothing', async () => {
    const other = `${fn}Odd`
    await ddb.send(
      new CreateTableCommand({
        AttributeDefinitions: [{AttributeName: 'pk', AttributeType: 'S'}],
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [{AttributeName: 'pk', KeyType: 'HASH'}],
        TableName: `${other}Targets`,
      }),
    )
    const result = await runCli(['deploy', '--function', other, '--endpoint-url', MOTO_ENDPOINT, '--yes'])
    assert.notEqual(result.code, 0)
    assert.match(result.stderr.trim(), /^Error: Table '\S+Targets' cannot hold the mappings: its key schema is pk:HASH, expected sourceArn \(HASH\) \+ id \(RANGE\) \(pass another --table\)$/)
    await assert.rejects(iam.send(new GetRoleCommand({RoleName: `${other}Role`})), {name: 'NoSuchEntityException'})
    await ddb.send(new DeleteTableCommand({TableName: `${other}Targets`}))
  })

  it('uses a provisioned table as is and replaces the Bash CLI\'s `*` publish policy on <function>Role', async () => {
    await ddb.send(
      new CreateTableCommand({
        AttributeDefinitions: [
          {AttributeName: 'sourceArn', AttributeType: 'S'},
          {AttributeName: 'id', AttributeType: 'S'},
        ],
        KeySchema: [
          {AttributeName: 'sourceArn', KeyType: 'HASH'},
          {AttributeName: 'id', KeyType: 'RANGE'},
        ],
        ProvisionedThroughput: {ReadCapacityUnits: 1, WriteCapacityUnits: 1},
        TableName: `${fn}Targets`,
      }),
    )
    const role = `${fn}Role`
    const trust = '{"Version": "2012-10-17", "Statement": [{"Action": "sts:AssumeRole", "Principal": {"Service": "lambda.amazonaws.com"}, "Effect": "Allow", "Sid": ""}]}'
    await iam.send(new CreateRoleCommand({AssumeRolePolicyDocument: trust, RoleName: role}))
    const star = '{"Version": "2012-10-17", "Statement": [{"Action": ["sts:AssumeRole","kinesis:PutRecord*","sqs:SendMessage*","sns:Publish"], "Resource": ["*"], "Effect": "Allow", "Sid": ""}]}'
    await iam.send(new PutRolePolicyCommand({PolicyDocument: star, PolicyName: 'PublishData', RoleName: role}))

    const result = await runCli(['deploy', ...common, '--yes'])
    assert.equal(result.code, 0, result.stderr)
    assert.match(result.stdout, /= table \S+: unchanged/)
    assert.match(result.stdout, /provisioned throughput .* used as is/)
    assert.match(result.stdout, /~ role \S+: update/)
    assert.match(result.stdout, /- policy PublishData: delete/)
    const {Table} = await ddb.send(new DescribeTableCommand({TableName: `${fn}Targets`}))
    assert.equal(Table?.ProvisionedThroughput?.ReadCapacityUnits, 1)
    assert.deepEqual(((await iam.send(new ListRolePoliciesCommand({RoleName: role}))).PolicyNames ?? []).sort(), ['fanout-logs', 'fanout-parking', 'fanout-read-config', 'fanout-read-streams'])
  })
})
