import {sqsOk} from './answers.js'
import {targetOf} from '../context.js'
import assert from 'node:assert/strict'
import {SendMessageBatchCommand, SQSClient} from '@aws-sdk/client-sqs'
import {mockClient, type AwsClientStub} from 'aws-sdk-client-mock'
import {createSqsDriver, sqsRefusal} from '../../../runtime/targets/sqs.js'
import {queueMessageLimit, refusedMessageSize, resetQueueMessageLimits} from '../../../runtime/targets/sqs-queue-size.js'
import {SERVICE_LIMITS} from '../../../runtime/limits.js'
import {deliveryContext, testMapping} from '../context.js'
import {outRecords} from '../records.js'

const createSqsTarget = targetOf(createSqsDriver)

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
    sqs.on(SendMessageBatchCommand).callsFake(sqsOk)
    const mapping = testMapping('sqs', QUEUE, {collapse: 'none'})
    const records = outRecords(Array.from({length: 25}, (_, n) => `m${n}`))
    const report = await createSqsTarget(mapping).deliver(records, deliveryContext(mapping))
    assert.deepEqual(bodies().flat().sort(), records.map((r) => r.data.toString()).sort())
    assert.deepEqual(bodies().map((b) => b.length).sort(), [10, 10, 5])
    assert.equal(sqs.commandCalls(SendMessageBatchCommand)[0].args[0].input.QueueUrl, QUEUE)
    // No per-call options: they would make the SDK resolve its middleware stack for every call.
    assert.ok(sqs.commandCalls(SendMessageBatchCommand).every((call) => (call.args as unknown[])[1] === undefined))
    assert.deepEqual([report.calls, report.delivered], [3, 25])
  })

  it('a row without collapse gets JSON: {"Records":[...]} bodies', async () => {
    sqs.on(SendMessageBatchCommand).callsFake(sqsOk)
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
      .callsFake(sqsOk)
    const mapping = testMapping('sqs', QUEUE, {collapse: 'none'})
    const report = await createSqsTarget(mapping).deliver(outRecords(['a', 'b', 'c']), deliveryContext(mapping))
    assert.deepEqual(bodies(), [['a', 'b', 'c'], ['a']])
    assert.deepEqual(report.skipped.map((s) => [s.record.data.toString(), s.reason]), [['b', 'SQS refused the message: InvalidMessageContents: bad']])
    assert.deepEqual([report.delivered, report.failed.length], [2, 0])
  })

  it('skips empty messages and characters SQS refuses instead of failing the batch', async () => {
    sqs.on(SendMessageBatchCommand).callsFake(sqsOk)
    const mapping = testMapping('sqs', QUEUE, {collapse: 'none'})
    const report = await createSqsTarget(mapping).deliver(outRecords(['', 'nul\u0000', 'fine']), deliveryContext(mapping))
    assert.deepEqual(bodies(), [['fine']])
    assert.equal(report.skipped.length, 2)
    assert.equal(sqsRefusal('tab\tok ✓ 🚀'), undefined)
    assert.match(sqsRefusal('\u0001') ?? '', /refuses/)
    // The XML 1.0 character ranges SQS takes, at their edges.
    for (const ok of ['\r\n\t', '\u0020\u007F\uD7FF', '\uE000\uFFFD', '\u{10000}\u{10FFFF}']) assert.equal(sqsRefusal(ok), undefined, JSON.stringify(ok))
    for (const refused of ['\u0000', '\u0008', '\u000B', '\u000C', '\u001F', '\uFFFE', '\uFFFF', 'a\uD800', '\uDC00b', '\uDBFF\uDBFF\uDFFF\uDFFF'.slice(0, 3)]) {
      assert.match(sqsRefusal(refused) ?? '', /refuses/, JSON.stringify(refused))
    }
  })

  it('concat: records that are not UTF-8 are skipped with the reason, not turned into U+FFFD', async () => {
    sqs.on(SendMessageBatchCommand).callsFake(sqsOk)
    const mapping = testMapping('sqs', QUEUE, {appendNewlines: true, collapse: 'concat'})
    const report = await createSqsTarget(mapping).deliver(outRecords(['é', Buffer.from([0xc3, 0x28]), 'ok']), deliveryContext(mapping))
    assert.deepEqual(bodies(), [['é\nok\n']])
    assert.deepEqual(report.skipped.map((s) => [s.record.source.checkpoint, s.reason]), [['seq-1', 'record is not UTF-8 text, which SQS messages carry (use collapse concat-b64)']])
    assert.deepEqual([report.delivered, report.failed.length], [2, 0])
  })

  it('learns a queue limit below 1 MiB from the refusal, repacks at once and keeps it for the queue', async () => {
    resetQueueMessageLimits()
    const refusal = Object.assign(new Error('One or more parameters are invalid. Reason: Message must be shorter than 1000 bytes.'), {
      $fault: 'client',
      $metadata: {httpStatusCode: 400},
      name: 'InvalidParameterValue',
    })
    sqs.on(SendMessageBatchCommand).rejectsOnce(refusal).callsFake(sqsOk)
    const queue = `${QUEUE}-small`
    const mapping = testMapping('sqs', queue, {collapse: 'JSON'})
    const records = outRecords(Array.from({length: 6}, (_, n) => JSON.stringify({n, pad: 'x'.repeat(300)})))
    const report = await createSqsTarget(mapping).deliver(records, deliveryContext(mapping))
    assert.deepEqual([report.delivered, report.failed.length, report.skipped.length], [6, 0, 0])
    const [refused, ...repacked] = bodies()
    assert.equal(refused.length, 1)
    assert.ok(repacked.flat().length >= 2 && repacked.flat().every((b) => Buffer.byteLength(b!) <= 1000))
    assert.equal(queueMessageLimit(queue), 1000)
    assert.equal(queueMessageLimit(QUEUE), SERVICE_LIMITS.sqs.maxEntryBytes, 'per queue URL')
    // The next delivery packs to the learned limit from the start; a record too long alone is skipped.
    sqs.resetHistory()
    const next = await createSqsTarget(mapping).deliver(outRecords(['{"a":1}', JSON.stringify({pad: 'y'.repeat(1200)})]), deliveryContext(mapping))
    assert.deepEqual(bodies(), [['{"Records":[{"a":1}]}']])
    assert.match(next.skipped[0].reason, /at most 1000 bytes/)
    assert.equal(refusedMessageSize(new Error('boom')), undefined)
    resetQueueMessageLimits()
  })

  it('FIFO queues get a group id and a deduplication id stable across retries', async () => {
    sqs.on(SendMessageBatchCommand).callsFake(sqsOk)
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
