import {targetOf} from '../context.js'
import assert from 'node:assert/strict'
import {InvokeCommand, LambdaClient} from '@aws-sdk/client-lambda'
import {mockClient, type AwsClientStub} from 'aws-sdk-client-mock'
import {createLambdaDriver} from '../../../runtime/targets/lambda.js'
import {SERVICE_LIMITS} from '../../../runtime/limits.js'
import type {OutRecord} from '../../../runtime/records.js'
import {deliveryContext, testMapping} from '../context.js'
import {sourceRecord} from '../records.js'

const createLambdaTarget = targetOf(createLambdaDriver)

describe('lambda target', () => {
  let lambda!: AwsClientStub<LambdaClient>
  // Created in before(), not at load: a mock patches the class for the whole process.
  before(() => {
    lambda = mockClient(LambdaClient)
  })
  before(() => (process.env.AWS_REGION ??= 'us-east-1'))
  afterEach(() => lambda.reset())
  // Mocks patch the client class for the whole process: give it back for the other suites.
  after(() => lambda.restore())

  const payloads = () => lambda.commandCalls(InvokeCommand).map((c) => JSON.parse(Buffer.from(c.args[0].input.Payload as Uint8Array).toString()))

  it('invokes asynchronously with the source event records, once per source record', async () => {
    lambda.on(InvokeCommand).resolves({StatusCode: 202})
    const mapping = testMapping('lambda', 'consumer')
    const raw = [{eventSource: 'aws:kinesis', kinesis: {data: 'YQ=='}}, {eventSource: 'aws:kinesis', kinesis: {data: 'Yg=='}}]
    const sources = raw.map((r, n) => sourceRecord(n, r))
    // Two user records of one aggregate travel as their one source record.
    const records: OutRecord[] = [
      {data: Buffer.from('a1'), key: 'k', source: sources[0], subSequence: 0},
      {data: Buffer.from('a2'), key: 'k', source: sources[0], subSequence: 1},
      {data: Buffer.from('b'), key: 'k', source: sources[1]},
    ]
    const report = await createLambdaTarget(mapping).deliver(records, deliveryContext(mapping))
    const input = lambda.commandCalls(InvokeCommand)[0].args[0].input
    assert.deepEqual([input.FunctionName, input.InvocationType], ['consumer', 'Event'])
    assert.deepEqual(payloads(), [{Records: raw}])
    assert.equal(report.delivered, 3)
  })

  it('splits the records so every payload fits the async limit', async () => {
    lambda.on(InvokeCommand).resolves({StatusCode: 202})
    const mapping = testMapping('lambda', 'consumer')
    const records: OutRecord[] = Array.from({length: 9}, (_, n) => ({data: Buffer.alloc(0), key: 'k', source: sourceRecord(n, {pad: 'x'.repeat(300 * 1024)})}))
    await createLambdaTarget(mapping).deliver(records, deliveryContext(mapping))
    const sizes = lambda.commandCalls(InvokeCommand).map((c) => (c.args[0].input.Payload as Uint8Array).length)
    assert.ok(sizes.length >= 3)
    for (const size of sizes) assert.ok(size <= SERVICE_LIMITS.lambda.maxBytesPerCall, `${size}`)
    assert.equal(payloads().flatMap((p) => p.Records).length, 9)
  })

  it('retries a throttled invoke', async () => {
    lambda.on(InvokeCommand).rejectsOnce(Object.assign(new Error('slow down'), {name: 'TooManyRequestsException'})).resolves({StatusCode: 202})
    const mapping = testMapping('lambda', 'consumer')
    const report = await createLambdaTarget(mapping).deliver([{data: Buffer.from('a'), key: 'k', source: sourceRecord(0)}], deliveryContext(mapping))
    assert.deepEqual([report.calls, report.delivered, report.failed.length], [2, 1, 0])
  })
})
