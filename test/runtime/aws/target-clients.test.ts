// Destination clients and assumed-role credentials: cached per role and external id, refreshed
// before they expire, one STS call for concurrent users, a failed AssumeRole tried again later.
import {strict as assert} from 'node:assert'
import {AssumeRoleCommand, STSClient} from '@aws-sdk/client-sts'
import {IoTDataPlaneClient} from '@aws-sdk/client-iot-data-plane'
import {SQSClient} from '@aws-sdk/client-sqs'
import {mockClient, type AwsClientStub} from 'aws-sdk-client-mock'
import {
  assumedRoleCredentials,
  destinationCredentials,
  REFRESH_MARGIN_MS,
  resetTargetClients,
  targetClient,
} from '../../../runtime/aws/target-clients.js'
import {useTestAwsEnv} from '../../helpers/emulators.js'

const ROLE = 'arn:aws:iam::210987654321:role/fanout'

function credentials(id: string, expiresInMs: number) {
  return {Credentials: {AccessKeyId: id, Expiration: new Date(Date.now() + expiresInMs), SecretAccessKey: `secret-${id}`, SessionToken: `token-${id}`}}
}

describe('runtime/aws/target-clients', () => {
  let sts!: AwsClientStub<STSClient>
  // Created in before(), not at load: a mock patches the class for the whole process.
  before(() => {
    sts = mockClient(STSClient)
  })
  before(() => useTestAwsEnv())
  beforeEach(() => {
    sts.reset()
    resetTargetClients()
  })
  after(() => sts.restore())

  it('assumes the role with the external id once and serves the cached credentials until near expiry', async () => {
    sts.on(AssumeRoleCommand).resolvesOnce(credentials('ASIA1', 60 * 60_000)).resolves(credentials('ASIA2', 60 * 60_000))
    const provider = assumedRoleCredentials(ROLE, 'ext-1')
    assert.equal((await provider()).accessKeyId, 'ASIA1')
    assert.equal((await provider()).accessKeyId, 'ASIA1')
    assert.equal(assumedRoleCredentials(ROLE, 'ext-1'), provider, 'one provider per role and external id')
    const calls = sts.commandCalls(AssumeRoleCommand)
    assert.equal(calls.length, 1)
    assert.equal(calls[0].args[0].input.RoleArn, ROLE)
    assert.equal(calls[0].args[0].input.ExternalId, 'ext-1')
    assert.match(calls[0].args[0].input.RoleSessionName ?? '', /^fanout-/)
  })

  it('refreshes credentials that expire within the margin', async () => {
    sts.on(AssumeRoleCommand).resolvesOnce(credentials('OLD', REFRESH_MARGIN_MS - 1000)).resolves(credentials('NEW', 60 * 60_000))
    const provider = assumedRoleCredentials(ROLE)
    assert.equal((await provider()).accessKeyId, 'OLD')
    assert.equal((await provider()).accessKeyId, 'NEW')
    assert.equal((await provider()).accessKeyId, 'NEW')
    assert.equal(sts.commandCalls(AssumeRoleCommand).length, 2)
    assert.equal(sts.commandCalls(AssumeRoleCommand)[0].args[0].input.ExternalId, undefined)
  })

  it('shares one STS call between concurrent users, and tries again after a failure', async () => {
    sts.on(AssumeRoleCommand).rejectsOnce(new Error('AccessDenied')).resolves(credentials('OK', 60 * 60_000))
    const provider = assumedRoleCredentials(ROLE, 'x-2')
    await assert.rejects(provider(), /AccessDenied/)
    const [a, b] = await Promise.all([provider(), provider()])
    assert.equal(a.accessKeyId, 'OK')
    assert.equal(b, a)
    assert.equal(sts.commandCalls(AssumeRoleCommand).length, 2)
  })

  it('keeps separate credentials per role and per external id', async () => {
    sts.on(AssumeRoleCommand).callsFake((input) => credentials(`${input.RoleArn.split('/')[1]}-${input.ExternalId ?? 'none'}`, 60 * 60_000))
    assert.equal((await assumedRoleCredentials(ROLE, 'a')()).accessKeyId, 'fanout-a')
    assert.equal((await assumedRoleCredentials(ROLE, 'b')()).accessKeyId, 'fanout-b')
    assert.equal((await assumedRoleCredentials('arn:aws-cn:iam::210987654321:role/other')()).accessKeyId, 'other-none')
  })

  it('builds one client per service, region, role and endpoint, in the mapping region', async () => {
    const a = targetClient(SQSClient, {region: 'eu-west-1'})
    assert.equal(targetClient(SQSClient, {region: 'eu-west-1'}), a)
    assert.notEqual(targetClient(SQSClient, {region: 'eu-west-2'}), a)
    assert.notEqual(targetClient(SQSClient, {region: 'eu-west-1', role: ROLE}), a)
    assert.equal(await a.config.region(), 'eu-west-1')
    assert.equal(await targetClient(SQSClient, {}).config.region(), 'us-east-1', 'the function region by default')
    const iotA = targetClient(IoTDataPlaneClient, {region: 'us-east-1'}, 2, 'https://a-ats.iot.us-east-1.amazonaws.com')
    const iotB = targetClient(IoTDataPlaneClient, {region: 'us-east-1'}, 2, 'https://b-ats.iot.us-east-1.amazonaws.com')
    assert.notEqual(iotA, iotB)
  })

  it('signs with the assumed role through the client when the mapping names one', async () => {
    sts.on(AssumeRoleCommand).resolves(credentials('ASSUMED', 60 * 60_000))
    const client = targetClient(SQSClient, {externalId: 'e', region: 'us-gov-west-1', role: 'arn:aws-us-gov:iam::210987654321:role/r'})
    const identity = await client.config.credentials()
    assert.equal(identity.accessKeyId, 'ASSUMED')
    assert.equal((await destinationCredentials({})()).accessKeyId, 'testing', "the function's own credentials otherwise")
  })
})
