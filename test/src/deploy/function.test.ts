// What moto cannot show: Lambda refusing a role it cannot assume yet, throttling, failed updates.
import {strict as assert} from 'node:assert'
import {CreateFunctionCommand, GetFunctionCommand, GetFunctionConfigurationCommand, LambdaClient, UpdateFunctionCodeCommand, UpdateFunctionConfigurationCommand} from '@aws-sdk/client-lambda'
import {mockClient} from 'aws-sdk-client-mock'
import {AwsClients} from '../../../src/aws/clients.js'
import {createFunction, desiredFunction, updateFunctionCode, updateFunctionConfiguration} from '../../../src/deploy/function.js'
import {UserError} from '../../../src/errors.js'
import {useTestAwsEnv} from '../../helpers/emulators.js'

const awsError = (name: string, message: string) => Object.assign(new Error(message), {$metadata: {httpStatusCode: 400}, name})
const ROLE_NOT_READY = awsError('InvalidParameterValueException', 'The role defined for the function cannot be assumed by Lambda.')

const mockLambda = () => mockClient(LambdaClient)
describe('deploy: function create / update error paths (mocked Lambda)', () => {
  // Mocked only while this suite runs (a mock made at load time would leak into other suites).
  let lambda: ReturnType<typeof mockLambda>
  const aws = new AwsClients({region: 'us-east-1'})
  const desired = desiredFunction('fx', 'fxTargets', 'arn:aws:iam::111122223333:role/fxRole', {})
  const zip = new Uint8Array([1, 2, 3])
  const waits: number[] = []
  const options = {retry: {sleep: async (ms: number) => void waits.push(ms)}, wait: {maxWaitTime: 2, minDelay: 1}}

  before(() => {
    useTestAwsEnv()
    // Mocked only while this suite runs: a mock made at load time would leak into other suites.
    lambda = mockLambda()
  })
  beforeEach(() => {
    lambda.reset()
    waits.length = 0
  })
  after(() => lambda.restore())

  it('retries CreateFunction while the new role cannot be assumed, with backoff, then waits for Active', async () => {
    lambda.on(CreateFunctionCommand).rejectsOnce(ROLE_NOT_READY).rejectsOnce(ROLE_NOT_READY).rejectsOnce(ROLE_NOT_READY).resolves({CodeSha256: 'abc', FunctionArn: 'arn:fx'})
    lambda.on(GetFunctionCommand).resolves({Configuration: {LastUpdateStatus: 'Successful', State: 'Active'}})
    const created = await createFunction(aws, desired, zip, options)
    assert.equal(created.FunctionArn, 'arn:fx')
    assert.equal(lambda.commandCalls(CreateFunctionCommand).length, 4)
    assert.equal(waits.length, 3)
    assert.ok(waits[2] > waits[0] / 2, 'waits grow')
    const input = lambda.commandCalls(CreateFunctionCommand)[0].args[0].input
    assert.equal(input.Handler, 'index.handler')
    assert.equal(input.Runtime, 'nodejs22.x')
    assert.deepEqual(input.Environment, {Variables: {FANOUT_TABLE: 'fxTargets', MALLOC_TRIM_THRESHOLD_: '131072'}})
    assert.deepEqual(input.Architectures, ['x86_64'])
    assert.equal(lambda.commandCalls(GetFunctionCommand).length, 1, 'waited for the function to be active')
  })

  it('gives up on a role that never becomes assumable, with the error of the last attempt', async () => {
    lambda.on(CreateFunctionCommand).rejects(ROLE_NOT_READY)
    await assert.rejects(createFunction(aws, desired, zip, {...options, retry: {...options.retry, attempts: 4}}), /cannot be assumed by Lambda/)
    assert.equal(lambda.commandCalls(CreateFunctionCommand).length, 4)
  })

  it('does not retry access denied', async () => {
    lambda.on(CreateFunctionCommand).rejects(awsError('AccessDeniedException', 'not authorized to perform: lambda:CreateFunction'))
    await assert.rejects(createFunction(aws, desired, zip, options), {name: 'AccessDeniedException'})
    assert.equal(lambda.commandCalls(CreateFunctionCommand).length, 1)
  })

  it('retries a throttled UpdateFunctionCode and waits for the update between steps', async () => {
    lambda.on(GetFunctionCommand).resolves({Configuration: {LastUpdateStatus: 'Successful', State: 'Active'}})
    lambda.on(UpdateFunctionCodeCommand).rejectsOnce(awsError('TooManyRequestsException', 'Rate exceeded')).resolves({CodeSha256: 'new'})
    assert.equal(await updateFunctionCode(aws, desired, zip, options), 'new')
    assert.equal(lambda.commandCalls(UpdateFunctionCodeCommand).length, 2)
    assert.equal(lambda.commandCalls(GetFunctionCommand).length, 2, 'waiter before and after the update')
  })

  it('a failed configuration update becomes one clear error with Lambda\'s reason', async () => {
    lambda.on(UpdateFunctionConfigurationCommand).resolves({})
    lambda.on(GetFunctionCommand).resolvesOnce({Configuration: {LastUpdateStatus: 'Successful', State: 'Active'}}).resolves({Configuration: {LastUpdateStatus: 'Failed', State: 'Active'}})
    lambda.on(GetFunctionConfigurationCommand).resolves({LastUpdateStatus: 'Failed', LastUpdateStatusReason: 'The provided subnets have no free IP addresses.'})
    await assert.rejects(updateFunctionConfiguration(aws, desired, options), (error: Error) => {
      assert.ok(error instanceof UserError)
      assert.match(error.message, /^Lambda function 'fx' update did not complete: The provided subnets have no free IP addresses\.$/)
      return true
    })
  })

  it('a function that never settles times out with a clear error', async () => {
    lambda.on(UpdateFunctionCodeCommand).resolves({})
    lambda.on(GetFunctionCommand).resolves({Configuration: {LastUpdateStatus: 'InProgress', State: 'Active'}})
    lambda.on(GetFunctionConfigurationCommand).resolves({LastUpdateStatus: 'InProgress'})
    await assert.rejects(updateFunctionCode(aws, desired, zip, options), /update did not complete/)
    assert.equal(lambda.commandCalls(UpdateFunctionCodeCommand).length, 0, 'no update while the previous one is in progress')
  })
})
