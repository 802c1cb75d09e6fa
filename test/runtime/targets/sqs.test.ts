import assert from 'node:assert/strict'
import {SendMessageBatchCommand, SQSClient} from '@aws-sdk/client-sqs'
import {mockClient, type AwsClientStub} from 'aws-sdk-client-mock'
import {createSqsTarget, sqsRefusal} from '../../../runtime/targets/sqs.js'
import {deliveryContext, testMapping} from '../context.js'
import {outRecords} from '../records.js'

const QUEUE = 'http://localhost:4566/123456789012/q1'

describe('sqs target', () => {
  let sqs!: AwsClientStub<SQSClient>
  // Created in before(), not at load: a mock patches the class for the whole process.
  before(() => {
    sqs = mockClient(SQSClient)
  })
  before(() => (process.env.AWS_REGION ??= 'us-east-1'))
  afterEach(() => sqs.reset())
  // Mocks patch the client class for the whole process: give it back for the other suites.
  after(() => sqs.restore())

  const bodies = () => sqs.commandCalls(SendMessageBatchCommand).map((c) => c.args[0].input.Entries!.map((e) => e.MessageBody))

  it('collapse none: one message per record, 10 per call (0.1 calls per record)', async () => {
    sqs.on(SendMessageBatchCommand).resolves({Failed: [], Successful: []})
    const mapping = testMapping('sqs', QUEUE, {collapse: 'none'})
    const records = outRecords(Array.from({length: 25}, (_, n) => `m${n}`))
    const report = await createSqsTarget(mapping).deliver(records, deliveryContext(mapping))
    assert.deepEqual(bodies().flat().sort(), records.map((r) => r.data.toString()).sort())
    assert.deepEqual(bodies().map((b) => b.length).sort(), [10, 10, 5])
    assert.equal(sqs.commandCalls(SendMessageBatchCommand)[0].args[0].input.QueueUrl, QUEUE)
    assert.deepEqual([report.calls, report.delivered], [3, 25])
  })

  it('a row without collapse gets JSON: {"Records":[...]} bodies', async () => {
    sqs.on(SendMessageBatchCommand).resolves({Failed: [], Successful: []})
    const mapping = testMapping('sqs', QUEUE)
    await createSqsTarget(mapping).deliver(outRecords(['{"a":1}', 'text']), deliveryContext(mapping))
    assert.deepEqual(bodies(), [['{"Records":[{"a":1},"text"]}']])
  })

  it('retries Failed entries and skips sender faults with the reason', async () => {
    sqs
      .on(SendMessageBatchCommand)
      .resolvesOnce({
        Failed: [
          {Code: 'InternalError', Id: '0', SenderFault: false},
          {Code: 'InvalidMessageContents', Id: '1', Message: 'bad', SenderFault: true},
        ],
        Successful: [{Id: '2', MD5OfMessageBody: '', MessageId: 'x'}],
      })
      .resolves({Failed: [], Successful: []})
    const mapping = testMapping('sqs', QUEUE, {collapse: 'none'})
    const report = await createSqsTarget(mapping).deliver(outRecords(['a', 'b', 'c']), deliveryContext(mapping))
    assert.deepEqual(bodies(), [['a', 'b', 'c'], ['a']])
    assert.deepEqual(report.skipped.map((s) => [s.record.data.toString(), s.reason]), [['b', 'SQS refused the message: InvalidMessageContents: bad']])
    assert.deepEqual([report.delivered, report.failed.length], [2, 0])
  })

  it('skips empty messages and characters SQS refuses instead of failing the batch', async () => {
    sqs.on(SendMessageBatchCommand).resolves({Failed: [], Successful: []})
    const mapping = testMapping('sqs', QUEUE, {collapse: 'none'})
    const report = await createSqsTarget(mapping).deliver(outRecords(['', 'nul\u0000', 'fine']), deliveryContext(mapping))
    assert.deepEqual(bodies(), [['fine']])
    assert.equal(report.skipped.length, 2)
    assert.equal(sqsRefusal('tab\tok ✓ 🚀'), undefined)
    assert.match(sqsRefusal('\u0001') ?? '', /refuses/)
  })

  it('FIFO queues get a group id and a deduplication id stable across retries', async () => {
    sqs.on(SendMessageBatchCommand).resolves({Failed: [], Successful: []})
    const mapping = testMapping('sqs', `${QUEUE}.fifo`, {collapse: 'none'})
    const records = outRecords(['a', 'b'], ['k1', 'k2'])
    await createSqsTarget(mapping).deliver(records, deliveryContext(mapping))
    await createSqsTarget(mapping).deliver(records, deliveryContext(mapping))
    const [first, second] = sqs.commandCalls(SendMessageBatchCommand).map((c) => c.args[0].input.Entries!)
    assert.deepEqual(first.map((e) => e.MessageGroupId), ['k1', 'k2'])
    assert.deepEqual(first.map((e) => e.MessageDeduplicationId), second.map((e) => e.MessageDeduplicationId))
    assert.notEqual(first[0].MessageDeduplicationId, first[1].MessageDeduplicationId)
  })
})
