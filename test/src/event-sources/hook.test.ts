// hook / pause / unhook against a mocked Lambda: every page of mappings searched, no duplicates,
// retries while the role's new permissions propagate, clear refusals.
import {strict as assert} from 'node:assert'
import {
  CreateEventSourceMappingCommand,
  DeleteEventSourceMappingCommand,
  LambdaClient,
  ListEventSourceMappingsCommand,
  UpdateEventSourceMappingCommand,
} from '@aws-sdk/client-lambda'
import {mockClient} from 'aws-sdk-client-mock'
import {AwsClients} from '../../../src/aws/clients.js'
import {UserError} from '../../../src/errors.js'
import {hookSource} from '../../../src/event-sources/hook.js'
import {setEventSourceEnabled} from '../../../src/event-sources/set-enabled.js'
import {parseTimestamp, validateHookSettings} from '../../../src/event-sources/settings.js'
import {unhookSource} from '../../../src/event-sources/unhook.js'
import {useTestAwsEnv} from '../../helpers/emulators.js'

const STREAM = 'arn:aws:kinesis:us-east-1:111122223333:stream/orders'
const OTHER = 'arn:aws:kinesis:us-east-1:111122223333:stream/other'
const awsError = (name: string, message: string) => Object.assign(new Error(message), {$metadata: {httpStatusCode: 400}, name})
const noWait = {sleep: async () => {}}

const mockLambda = () => mockClient(LambdaClient)
describe('event source mappings (mocked Lambda)', () => {
  // Mocked only while this suite runs (a mock made at load time would leak into other suites).
  let lambda: ReturnType<typeof mockLambda>
  const aws = new AwsClients({region: 'us-east-1'})

  before(() => {
    useTestAwsEnv()
    // Mocked only while this suite runs: a mock made at load time would leak into other suites.
    lambda = mockLambda()
  })
  beforeEach(() => lambda.reset())
  after(() => lambda.restore())

  /** Two pages: the stream's mapping (through an enhanced fan-out consumer) is on the second. */
  const twoPages = () => {
    lambda
      .on(ListEventSourceMappingsCommand, {FunctionName: 'fx', Marker: undefined})
      .resolves({EventSourceMappings: [{EventSourceArn: OTHER, State: 'Enabled', UUID: 'u-other'}], NextMarker: 'page2'})
    lambda
      .on(ListEventSourceMappingsCommand, {FunctionName: 'fx', Marker: 'page2'})
      .resolves({EventSourceMappings: [{BatchSize: 100, EventSourceArn: `${STREAM}/consumer/c:1`, FunctionResponseTypes: ['ReportBatchItemFailures'], State: 'Enabled', StartingPosition: 'LATEST', UUID: 'u-1'}]})
  }

  it('reports an existing mapping found on a later page instead of creating a duplicate', async () => {
    twoPages()
    const result = await hookSource(aws, {functionName: 'fx', settings: {batchSize: 500, startingPosition: 'TRIM_HORIZON'}, sourceArn: STREAM})
    assert.equal(result.action, 'exists')
    assert.equal(result.mapping.UUID, 'u-1')
    assert.deepEqual(result.differences, ['BatchSize'])
    assert.match(result.notes[0], /starting position .* cannot change/)
    assert.equal(lambda.commandCalls(CreateEventSourceMappingCommand).length, 0)
    assert.equal(lambda.commandCalls(UpdateEventSourceMappingCommand).length, 0)
  })

  it('--update changes only the given settings, ReportBatchItemFailures kept', async () => {
    twoPages()
    lambda.on(UpdateEventSourceMappingCommand).resolves({BatchSize: 500, UUID: 'u-1'})
    const result = await hookSource(aws, {functionName: 'fx', settings: {batchSize: 500}, sourceArn: STREAM, update: true})
    assert.equal(result.action, 'updated')
    assert.deepEqual(lambda.commandCalls(UpdateEventSourceMappingCommand)[0].args[0].input, {BatchSize: 500, FunctionResponseTypes: ['ReportBatchItemFailures'], UUID: 'u-1'})
  })

  it('creates with every setting and ReportBatchItemFailures, retrying while the role cannot read the stream yet', async () => {
    lambda.on(ListEventSourceMappingsCommand).resolves({EventSourceMappings: []})
    lambda
      .on(CreateEventSourceMappingCommand)
      .rejectsOnce(awsError('InvalidParameterValueException', 'The provided execution role does not have permissions to call GetShardIterator on Kinesis'))
      .resolves({State: 'Creating', UUID: 'u-new'})
    const at = parseTimestamp('2026-01-02T03:04:05Z')
    const result = await hookSource(aws, {
      functionName: 'fx',
      retry: noWait,
      settings: {
        batchingWindowSeconds: 5,
        batchSize: 200,
        bisectBatchOnError: true,
        maximumRecordAgeSeconds: 3600,
        maximumRetryAttempts: 3,
        onFailureDestination: 'arn:aws:sqs:us-east-1:111122223333:dlq',
        parallelizationFactor: 2,
        startingPosition: 'AT_TIMESTAMP',
        startingPositionTimestamp: at,
      },
      sourceArn: STREAM,
    })
    assert.equal(result.action, 'created')
    const calls = lambda.commandCalls(CreateEventSourceMappingCommand)
    assert.equal(calls.length, 2)
    assert.deepEqual(calls[1].args[0].input, {
      BatchSize: 200,
      BisectBatchOnFunctionError: true,
      DestinationConfig: {OnFailure: {Destination: 'arn:aws:sqs:us-east-1:111122223333:dlq'}},
      EventSourceArn: STREAM,
      FunctionName: 'fx',
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      MaximumBatchingWindowInSeconds: 5,
      MaximumRecordAgeInSeconds: 3600,
      MaximumRetryAttempts: 3,
      ParallelizationFactor: 2,
      StartingPosition: 'AT_TIMESTAMP',
      StartingPositionTimestamp: at,
    })
  })

  it('refuses AT_TIMESTAMP without a timestamp before calling AWS, and a missing function clearly', async () => {
    await assert.rejects(hookSource(aws, {functionName: 'fx', settings: {startingPosition: 'AT_TIMESTAMP'}, sourceArn: STREAM}), /--starting-position-timestamp/)
    assert.equal(lambda.calls().length, 0)
    assert.throws(() => parseTimestamp('yesterday'), /Invalid --starting-position-timestamp/)
    assert.equal(parseTimestamp('1700000000').toISOString(), '2023-11-14T22:13:20.000Z')

    lambda.on(ListEventSourceMappingsCommand).resolves({EventSourceMappings: []})
    lambda.on(CreateEventSourceMappingCommand).rejects(awsError('ResourceNotFoundException', 'Function not found: fx'))
    await assert.rejects(hookSource(aws, {functionName: 'fx', settings: {}, sourceArn: STREAM}), (error: Error) => error instanceof UserError && /deploy it first/.test(error.message + JSON.stringify((error as UserError).options)))
  })

  it('refuses a record age and an on-failure destination Lambda would refuse, before calling AWS', async () => {
    for (const maximumRecordAgeSeconds of [0, 59, 604_801]) {
      assert.throws(() => validateHookSettings({maximumRecordAgeSeconds}), /^UserError: Invalid --maximum-record-age/)
    }
    for (const maximumRecordAgeSeconds of [-1, 60, 604_800]) validateHookSettings({maximumRecordAgeSeconds})
    for (const onFailureDestination of ['dlq', 'arn:aws:lambda:us-east-1:111122223333:function:f']) {
      await assert.rejects(hookSource(aws, {functionName: 'fx', settings: {onFailureDestination}, sourceArn: STREAM}), /^UserError: Invalid --on-failure/)
    }
    for (const onFailureDestination of ['arn:aws:sqs:us-east-1:111122223333:dlq', 'arn:aws:sns:us-east-1:111122223333:t', 'arn:aws:s3:::bucket']) {
      validateHookSettings({onFailureDestination})
    }
    assert.equal(lambda.calls().length, 0)
  })

  it('names the source, not the function, when the stream of --source-arn does not exist', async () => {
    lambda.on(ListEventSourceMappingsCommand).resolves({EventSourceMappings: []})
    // moto's answer; AWS says InvalidParameterValueException "Stream not found".
    lambda.on(CreateEventSourceMappingCommand).rejects(awsError('ResourceNotFoundException', 'Invalid EventSourceArn'))
    await assert.rejects(hookSource(aws, {functionName: 'fx', settings: {}, sourceArn: STREAM}), /^UserError: Source arn:aws:kinesis:us-east-1:111122223333:stream\/orders not found: Invalid EventSourceArn$/)
    lambda.on(CreateEventSourceMappingCommand).rejects(awsError('InvalidParameterValueException', `Stream not found: ${STREAM}`))
    await assert.rejects(hookSource(aws, {functionName: 'fx', settings: {}, sourceArn: STREAM}), /^UserError: Source .* not found: Stream not found/)
    assert.equal(lambda.commandCalls(CreateEventSourceMappingCommand).length, 2)
  })

  it('pause retries while the mapping is still being created; a paused mapping is left alone', async () => {
    twoPages()
    lambda.on(UpdateEventSourceMappingCommand).rejectsOnce(awsError('ResourceInUseException', 'The resource is in use')).resolves({State: 'Disabling', UUID: 'u-1'})
    const paused = await setEventSourceEnabled(aws, {enabled: false, functionName: 'fx', retry: noWait, sourceArn: STREAM})
    assert.deepEqual(paused, {changed: 1, mappings: [{changed: true, state: 'Disabling', uuid: 'u-1'}]})
    assert.equal(lambda.commandCalls(UpdateEventSourceMappingCommand).length, 2)

    lambda.reset()
    lambda.on(ListEventSourceMappingsCommand).resolves({EventSourceMappings: [{EventSourceArn: STREAM, State: 'Disabled', UUID: 'u-1'}]})
    const again = await setEventSourceEnabled(aws, {enabled: false, functionName: 'fx', sourceArn: STREAM})
    assert.equal(again.changed, 0)
    assert.equal(lambda.commandCalls(UpdateEventSourceMappingCommand).length, 0)
  })

  it('unhook of a source that is not hooked fails with a clear error and deletes nothing', async () => {
    lambda.on(ListEventSourceMappingsCommand).resolves({EventSourceMappings: [{EventSourceArn: OTHER, UUID: 'u-other'}]})
    await assert.rejects(unhookSource(aws, {functionName: 'fx', sourceArn: STREAM}), /^UserError: No event source mapping from arn:aws:kinesis:us-east-1:111122223333:stream\/orders to function 'fx'$/)
    assert.equal(lambda.commandCalls(DeleteEventSourceMappingCommand).length, 0)
  })
})
