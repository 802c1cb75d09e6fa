// The refresh rule against moto: the publish policy follows the table's mappings (register and
// unregister call refreshPublishPolicy), and a role deploy does not manage is never touched.
import {strict as assert} from 'node:assert'
import {DeleteItemCommand, DynamoDBClient, PutItemCommand} from '@aws-sdk/client-dynamodb'
import {CreateRoleCommand, GetRolePolicyCommand, IAMClient, ListRolePoliciesCommand} from '@aws-sdk/client-iam'
import {createClient} from '../../../runtime/aws/client-factory.js'
import {AwsClients} from '../../../src/aws/clients.js'
import {refreshPublishPolicy} from '../../../src/deploy/publish-policy.js'
import {runCli} from '../../helpers/cli.js'
import {TEST_AWS_ENV, useTestAwsEnv} from '../../helpers/emulators.js'
import {MOTO_ENDPOINT, requireService} from '../../helpers/services.js'

const ACCOUNT = '123456789012'
const REGION = 'us-east-1'
const SOURCE = `arn:aws:kinesis:${REGION}:${ACCOUNT}:stream/refreshSource`

describe('refreshPublishPolicy (moto)', function () {
  this.timeout(60_000)
  const suffix = Math.random().toString(36).slice(2, 8)
  const fn = `fanoutRefresh${suffix}`
  const table = `${fn}Targets`
  let aws: AwsClients
  let iam: IAMClient
  let ddb: DynamoDBClient

  const publishDocument = async (role = `${fn}Role`) => {
    const names = (await iam.send(new ListRolePoliciesCommand({RoleName: role}))).PolicyNames ?? []
    if (!names.includes('fanout-publish')) return undefined
    const out = await iam.send(new GetRolePolicyCommand({PolicyName: 'fanout-publish', RoleName: role}))
    return JSON.parse(decodeURIComponent(out.PolicyDocument!))
  }
  const putRow = (id: string, destination: string) =>
    ddb.send(
      new PutItemCommand({
        Item: {active: {BOOL: true}, collapse: {S: 'none'}, destination: {S: destination}, id: {S: id}, sourceArn: {S: SOURCE}, type: {S: 'sqs'}},
        TableName: table,
      }),
    )

  before(async function () {
    await requireService(this, 'moto')
    useTestAwsEnv()
    aws = new AwsClients({endpointUrl: MOTO_ENDPOINT, region: REGION})
    const config = {credentials: {accessKeyId: TEST_AWS_ENV.AWS_ACCESS_KEY_ID, secretAccessKey: TEST_AWS_ENV.AWS_SECRET_ACCESS_KEY}, endpoint: MOTO_ENDPOINT, region: REGION}
    iam = createClient(IAMClient, config)
    ddb = createClient(DynamoDBClient, config)
    const deployed = await runCli(['deploy', '--function', fn, '--endpoint-url', MOTO_ENDPOINT, '--yes'])
    assert.equal(deployed.code, 0, deployed.stderr)
  })

  after(async () => {
    if (aws) await runCli(['destroy', '--function', fn, '--endpoint-url', MOTO_ENDPOINT, '--yes', '--delete-table', '--delete-role'])
  })

  it('adds a registered destination, does nothing when nothing changed, and drops the policy with the last mapping', async () => {
    assert.equal(await publishDocument(), undefined, 'no destinations, no publish policy')
    await putRow('a', `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/queueA`)
    const first = await refreshPublishPolicy(aws, {functionName: fn, tableName: table})
    assert.deepEqual(first, {changes: ['create fanout-publish', 'update fanout-read-streams'], roleName: `${fn}Role`, updated: true})
    assert.deepEqual((await publishDocument()).Statement[0].Resource, [`arn:aws:sqs:${REGION}:${ACCOUNT}:queueA`])

    await putRow('b', `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/queueB`)
    assert.equal((await refreshPublishPolicy(aws, {functionName: fn, tableName: table})).updated, true)
    assert.deepEqual((await publishDocument()).Statement[0].Resource, [`arn:aws:sqs:${REGION}:${ACCOUNT}:queueA`, `arn:aws:sqs:${REGION}:${ACCOUNT}:queueB`])
    assert.equal((await refreshPublishPolicy(aws, {functionName: fn, tableName: table})).updated, false, 'unchanged table, unchanged role')

    for (const id of ['a', 'b']) await ddb.send(new DeleteItemCommand({Key: {id: {S: id}, sourceArn: {S: SOURCE}}, TableName: table}))
    assert.equal((await refreshPublishPolicy(aws, {functionName: fn, tableName: table})).updated, true)
    assert.equal(await publishDocument(), undefined)
  })

  it('leaves a role given with --exec-role-arn alone', async () => {
    const other = `fanoutExt${suffix}`
    const role = `${other}Own`
    const trust = JSON.stringify({Statement: [{Action: 'sts:AssumeRole', Effect: 'Allow', Principal: {Service: 'lambda.amazonaws.com'}}], Version: '2012-10-17'})
    const {Role} = await iam.send(new CreateRoleCommand({AssumeRolePolicyDocument: trust, RoleName: role}))
    const deployed = await runCli(['deploy', '--function', other, '--table', table, '--exec-role-arn', Role!.Arn!, '--endpoint-url', MOTO_ENDPOINT, '--yes'])
    assert.equal(deployed.code, 0, deployed.stderr)
    assert.match(deployed.stdout, /role .*Own: used as is/)
    await putRow('c', `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/queueC`)
    const result = await refreshPublishPolicy(aws, {functionName: other, tableName: table})
    assert.equal(result.updated, false)
    assert.match(result.skipped ?? '', /not managed by deploy/)
    assert.deepEqual((await iam.send(new ListRolePoliciesCommand({RoleName: role}))).PolicyNames, [])
    await runCli(['destroy', '--function', other, '--endpoint-url', MOTO_ENDPOINT, '--yes', '--delete-role'])
    assert.ok((await iam.send(new ListRolePoliciesCommand({RoleName: role}))).PolicyNames, 'destroy --delete-role keeps a role deploy did not create')
  })
})
