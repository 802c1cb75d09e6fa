// refreshPublishPolicy's refusals (mocked IAM/Lambda): it never touches a role deploy does not manage,
// and access denied is a skip with a reason, not a failure of the command that called it.
import {strict as assert} from 'node:assert'
import {GetRoleCommand, GetRolePolicyCommand, IAMClient, ListAttachedRolePoliciesCommand, ListRolePoliciesCommand, PutRolePolicyCommand} from '@aws-sdk/client-iam'
import {GetFunctionCommand, LambdaClient} from '@aws-sdk/client-lambda'
import {mockClient} from 'aws-sdk-client-mock'
import {AwsClients} from '../../../src/aws/clients.js'
import {refreshPublishPolicy} from '../../../src/deploy/publish-policy.js'
import {useTestAwsEnv} from '../../helpers/emulators.js'

const awsError = (name: string, message: string) => Object.assign(new Error(message), {$metadata: {httpStatusCode: 403}, name})

const mockLambda = () => mockClient(LambdaClient)
const mockIam = () => mockClient(IAMClient)
describe('refreshPublishPolicy: skips (mocked IAM)', () => {
  let iam: ReturnType<typeof mockIam>
  let lambda: ReturnType<typeof mockLambda>
  const aws = new AwsClients({region: 'us-east-1'})
  const options = {functionName: 'fx', tableName: 'fxTargets'}

  before(() => {
    useTestAwsEnv()
    // Mocked only while this suite runs: a mock made at load time would leak into other suites.
    iam = mockIam()
    lambda = mockLambda()
  })
  beforeEach(() => {
    iam.reset()
    lambda.reset()
    lambda.on(GetFunctionCommand).resolves({Configuration: {Role: 'arn:aws:iam::111122223333:role/service-role/customRole'}})
  })
  after(() => {
    iam.restore()
    lambda.restore()
  })

  it('skips with a reason on access denied', async () => {
    iam.on(GetRoleCommand).rejects(awsError('AccessDenied', 'User is not authorized to perform: iam:GetRole'))
    const result = await refreshPublishPolicy(aws, options)
    assert.equal(result.updated, false)
    assert.equal(result.roleName, 'customRole', 'the role found from the function\'s configuration')
    assert.match(result.skipped ?? '', /^access denied: .*iam:GetRole/)
    assert.equal(iam.commandCalls(PutRolePolicyCommand).length, 0)
  })

  it('skips a role deploy does not manage (no fanout-read-config policy)', async () => {
    iam.on(GetRoleCommand).resolves({Role: {Arn: 'arn:aws:iam::111122223333:role/customRole', AssumeRolePolicyDocument: '{}', CreateDate: new Date(), Path: '/', RoleId: 'x', RoleName: 'customRole'}})
    iam.on(ListRolePoliciesCommand).resolves({PolicyNames: ['theirs']})
    iam.on(GetRolePolicyCommand).resolves({PolicyDocument: encodeURIComponent('{"Version":"2012-10-17","Statement":[]}'), PolicyName: 'theirs', RoleName: 'customRole'})
    iam.on(ListAttachedRolePoliciesCommand).resolves({AttachedPolicies: []})
    const result = await refreshPublishPolicy(aws, options)
    assert.equal(result.updated, false)
    assert.match(result.skipped ?? '', /not managed by deploy/)
    assert.equal(iam.commandCalls(PutRolePolicyCommand).length, 0)
  })

  it('skips when the role does not exist; without a function it looks for <function>Role', async () => {
    lambda.on(GetFunctionCommand).rejects(awsError('ResourceNotFoundException', 'Function not found'))
    iam.on(GetRoleCommand).rejects(awsError('NoSuchEntityException', 'Role not found'))
    const result = await refreshPublishPolicy(aws, options)
    assert.deepEqual(result, {roleName: 'fxRole', skipped: 'role fxRole not found (deploy creates it)', updated: false})
  })
})
