// Role policy before row, as a user runs the commands against moto (a deployed function and its
// managed role): register, update, activate and set-active write the role's publish policy first;
// when that fails (iam:PutRolePolicy denied, policies over IAM's 10,240 characters) nothing is
// written and the error says why and how to fix it, unless --skip-role-update (row written, a
// warning naming the missing permission); a role deploy does not manage is left alone, with a warning.
import {strict as assert} from 'node:assert'
import {createServer, request as httpRequest, type Server} from 'node:http'
import type {AddressInfo} from 'node:net'
import {BatchWriteItemCommand, DynamoDBClient, ScanCommand} from '@aws-sdk/client-dynamodb'
import {CreateRoleCommand, GetRolePolicyCommand, IAMClient, ListRolePoliciesCommand} from '@aws-sdk/client-iam'
import {CreateStreamCommand, KinesisClient} from '@aws-sdk/client-kinesis'
import {createClient} from '../../../runtime/aws/client-factory.js'
import {runCli} from '../../helpers/cli.js'
import {TEST_AWS_ENV, useTestAwsEnv} from '../../helpers/emulators.js'
import {MOTO_ENDPOINT, requireService} from '../../helpers/services.js'
import {errorLine} from '../mappings/fixture.js'

const ACCOUNT = '123456789012'
const REGION = 'us-east-1'

/** An IAM endpoint in front of moto that refuses PutRolePolicy as IAM does for a caller without it. */
async function startDenyingIam(): Promise<{endpoint: string; denied: number; close(): Promise<void>}> {
  const state = {denied: 0}
  const target = new URL(MOTO_ENDPOINT)
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const body = Buffer.concat(chunks)
      if (/Action=PutRolePolicy/.test(body.toString())) {
        state.denied++
        res.writeHead(403, {'content-type': 'text/xml'})
        res.end(
          `<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>User: arn:aws:iam::${ACCOUNT}:user/dev is not authorized to perform: iam:PutRolePolicy</Message></Error><RequestId>1</RequestId></ErrorResponse>`,
        )
        return
      }
      const forward = httpRequest({headers: req.headers, host: target.hostname, method: req.method, path: req.url, port: target.port}, (answer) => {
        res.writeHead(answer.statusCode ?? 500, answer.headers)
        answer.pipe(res)
      })
      forward.on('error', () => res.destroy())
      forward.end(body)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    get denied() {
      return state.denied
    },
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
  }
}

describe('role policy before row (moto)', function () {
  this.timeout(120_000)
  const suffix = Math.random().toString(36).slice(2, 8)
  const fn = `fanoutRbr${suffix}`
  const table = `${fn}Targets`
  const source = `rbrSource${suffix}`
  const sourceArn = `arn:aws:kinesis:${REGION}:${ACCOUNT}:stream/${source}`
  const destination = (n: string) => `arn:aws:kinesis:${REGION}:${ACCOUNT}:stream/rbrDest${suffix}${n}`
  let iam: IAMClient
  let ddb: DynamoDBClient
  let denying: Awaited<ReturnType<typeof startDenyingIam>>

  const cli = (args: string[], env: Record<string, string> = {}) =>
    runCli([...args, '--function', fn], {env: {AWS_ENDPOINT_URL: MOTO_ENDPOINT, ...env}})
  const publishResources = async (role = `${fn}Role`): Promise<string[]> => {
    const names = (await iam.send(new ListRolePoliciesCommand({RoleName: role}))).PolicyNames ?? []
    if (!names.includes('fanout-publish')) return []
    const out = await iam.send(new GetRolePolicyCommand({PolicyName: 'fanout-publish', RoleName: role}))
    return (JSON.parse(decodeURIComponent(out.PolicyDocument!)).Statement as {Resource: string | string[]}[]).flatMap((s) => [s.Resource].flat())
  }
  const ids = async () => ((await ddb.send(new ScanCommand({TableName: table}))).Items ?? []).map((item) => item.id.S).sort()

  before(async function () {
    await requireService(this, 'moto')
    useTestAwsEnv()
    const config = {credentials: {accessKeyId: TEST_AWS_ENV.AWS_ACCESS_KEY_ID, secretAccessKey: TEST_AWS_ENV.AWS_SECRET_ACCESS_KEY}, endpoint: MOTO_ENDPOINT, region: REGION}
    iam = createClient(IAMClient, config)
    ddb = createClient(DynamoDBClient, config)
    const kinesis = createClient(KinesisClient, config)
    await kinesis.send(new CreateStreamCommand({ShardCount: 1, StreamName: source}))
    kinesis.destroy()
    const deployed = await runCli(['deploy', '--function', fn, '--endpoint-url', MOTO_ENDPOINT, '--yes', '--no-parking'])
    assert.equal(deployed.code, 0, deployed.stderr)
    denying = await startDenyingIam()
  })
  after(async () => {
    await denying?.close()
    if (iam) await runCli(['destroy', '--function', fn, '--endpoint-url', MOTO_ENDPOINT, '--yes', '--delete-table', '--delete-role'])
  })

  it('register and update write the publish policy before the row', async () => {
    let result = await cli(['register', 'kinesis', '--source-arn', sourceArn, '--id', 'a', '--destination', destination('A')])
    assert.equal(result.code, 0, result.stderr)
    assert.match(result.stderr, new RegExp(`Updated the publish policy of role ${fn}Role for mapping 'a'`))
    assert.deepEqual(await publishResources(), [destination('A')])
    result = await cli(['update', '--source-arn', sourceArn, '--id', 'a', '--destination', destination('B')])
    assert.equal(result.code, 0, result.stderr)
    assert.deepEqual(await publishResources(), [destination('B')])
  })

  it('without iam:PutRolePolicy: nothing written, one line saying why and how to fix; --skip-role-update writes with a warning', async () => {
    const env = {AWS_ENDPOINT_URL_IAM: denying.endpoint}
    const before = await ids()
    let result = await cli(['register', 'kinesis', '--source-arn', sourceArn, '--id', 'denied', '--destination', destination('C')], env)
    assert.equal(result.code, 1)
    const line = errorLine(result)
    assert.match(line, new RegExp(`^Error: Cannot update the publish policy of role ${fn}Role \\(access denied: .*iam:PutRolePolicy\\): nothing was changed`))
    assert.match(line, /grant the caller .*iam:PutRolePolicy on role .*; or pass --skip-role-update to write the mapping anyway and grant the role kinesis:PutRecords on arn:aws:kinesis:.*rbrDest\w+C yourself/)
    assert.ok(denying.denied > 0, 'the policy write was attempted')
    assert.deepEqual(await ids(), before)

    result = await cli(['register', 'kinesis', '--source-arn', sourceArn, '--id', 'denied', '--destination', destination('C'), '--skip-role-update'], env)
    assert.equal(result.code, 0, result.stderr)
    assert.match(result.stderr, /Warning: the publish policy of role .* was not updated \(access denied: .*\); the mapping is written anyway \(--skip-role-update\)\. The role needs kinesis:PutRecords on arn:aws:kinesis:\S+C\./)
    assert.deepEqual(await ids(), [...before, 'denied'].sort())
    assert.ok(!(await publishResources()).includes(destination('C')))

    // activate and set-active also update the role first: refused while denied, then it succeeds.
    result = await cli(['activate', '--id', 'denied'], env)
    assert.equal(result.code, 1)
    assert.match(errorLine(result), /Cannot update the publish policy/)
    result = await cli(['set-active', '--id', 'denied', '--active'])
    assert.equal(result.code, 0, result.stderr)
    assert.ok((await publishResources()).includes(destination('C')))
  })

  it('policies over 10,240 characters: refused, saying so; nothing written', async () => {
    const queue = (n: number) => `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/a-rather-long-queue-name-for-the-size-test-${suffix}-${n}`
    // 200 rows written by other means (the role was never updated for them).
    for (let start = 0; start < 200; start += 25) {
      const items = Array.from({length: 25}, (_, k) => ({
        PutRequest: {Item: {active: {BOOL: false}, destination: {S: queue(start + k)}, id: {S: `bulk-${start + k}`}, sourceArn: {S: sourceArn}, type: {S: 'sqs'}}},
      }))
      await ddb.send(new BatchWriteItemCommand({RequestItems: {[table]: items}}))
    }
    const before = await ids()
    const result = await cli(['register', 'sqs', '--source-arn', sourceArn, '--id', 'one-too-many', '--destination', queue(999)])
    assert.equal(result.code, 1)
    assert.match(errorLine(result), /policies would exceed IAM's 10240 characters.*nothing was changed.*over IAM's 10240: use fewer destinations per role/)
    assert.deepEqual(await ids(), before)
  })

  it('a role deploy does not manage is left alone, with a warning naming the permission', async () => {
    const other = `fanoutRbrExt${suffix}`
    const trust = JSON.stringify({Statement: [{Action: 'sts:AssumeRole', Effect: 'Allow', Principal: {Service: 'lambda.amazonaws.com'}}], Version: '2012-10-17'})
    const {Role} = await iam.send(new CreateRoleCommand({AssumeRolePolicyDocument: trust, RoleName: `${other}Own`}))
    const deployed = await runCli(['deploy', '--function', other, '--table', table, '--exec-role-arn', Role!.Arn!, '--endpoint-url', MOTO_ENDPOINT, '--yes', '--no-parking'])
    assert.equal(deployed.code, 0, deployed.stderr)
    try {
      const result = await runCli(['register', 'kinesis', '--source-arn', sourceArn, '--id', 'ext', '--destination', destination('D'), '--function', other, '--table', table], {env: {AWS_ENDPOINT_URL: MOTO_ENDPOINT}})
      assert.equal(result.code, 0, result.stderr)
      assert.match(result.stderr, new RegExp(`Warning: role ${other}Own is not managed by deploy: it was left alone\\. The role needs kinesis:PutRecords on ${destination('D')}\\.`))
      assert.deepEqual((await iam.send(new ListRolePoliciesCommand({RoleName: `${other}Own`}))).PolicyNames, [])
    } finally {
      await runCli(['destroy', '--function', other, '--endpoint-url', MOTO_ENDPOINT, '--yes'])
    }
  })
})
