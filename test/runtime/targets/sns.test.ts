import {snsOk} from './answers.js'
import {targetOf} from '../context.js'
import assert from 'node:assert/strict'
import {PublishBatchCommand, SNSClient} from '@aws-sdk/client-sns'
import {mockClient, type AwsClientStub} from 'aws-sdk-client-mock'
import {createSnsDriver} from '../../../runtime/targets/sns.js'
import {SERVICE_LIMITS} from '../../../runtime/limits.js'
import {deliveryContext, testMapping} from '../context.js'
import {outRecords} from '../records.js'

const createSnsTarget = targetOf(createSnsDriver)

const TOPIC = 'arn:aws:sns:eu-west-1:123456789012:out'

describe('sns target', () => {
  let sns!: AwsClientStub<SNSClient>
  // Created in before(), not at load: a mock patches the class for the whole process.
  before(() => {
    sns = mockClient(SNSClient)
  })
  afterEach(() => sns.reset())
  // Mocks patch the client class for the whole process: give it back for the other suites.
  after(() => sns.restore())

  const messages = () => sns.commandCalls(PublishBatchCommand).map((c) => c.args[0].input.PublishBatchRequestEntries!.map((e) => e.Message))

  it('publishes per collapse mode (concat-b64 here), to the topic of the ARN', async () => {
    sns.on(PublishBatchCommand).callsFake(snsOk)
    const mapping = testMapping('sns', TOPIC, {collapse: 'concat-b64'})
    await createSnsTarget(mapping).deliver(outRecords(['ab', 'cd']), deliveryContext(mapping))
    assert.deepEqual(messages(), [[Buffer.from('abcd').toString('base64')]])
    assert.equal(sns.commandCalls(PublishBatchCommand)[0].args[0].input.TopicArn, TOPIC)
    // The client is made for the topic's region.
    assert.equal(await sns.commandCalls(PublishBatchCommand)[0].thisValue.config.region(), 'eu-west-1')
  })

  it('concat: records that are not UTF-8 are skipped with the reason, not turned into U+FFFD', async () => {
    sns.on(PublishBatchCommand).callsFake(snsOk)
    const mapping = testMapping('sns', TOPIC, {collapse: 'concat'})
    const report = await createSnsTarget(mapping).deliver(outRecords(['ab', Buffer.from([0xff, 0xfe, 0x41]), 'cd']), deliveryContext(mapping))
    assert.deepEqual(messages(), [['abcd']])
    assert.deepEqual(report.skipped.map((s) => [s.record.source.checkpoint, s.reason]), [['seq-1', 'record is not UTF-8 text, which SNS messages carry (use collapse concat-b64)']])
    assert.deepEqual([report.delivered, report.failed.length], [2, 0])
  })

  it('keeps each PublishBatch within 10 entries and 256 KiB', async () => {
    sns.on(PublishBatchCommand).callsFake(snsOk)
    const mapping = testMapping('sns', TOPIC, {collapse: 'none'})
    const records = outRecords(Array.from({length: 12}, () => 'x'.repeat(60 * 1024)))
    const report = await createSnsTarget(mapping).deliver(records, deliveryContext(mapping))
    for (const batch of messages()) {
      assert.ok(batch.length <= SERVICE_LIMITS.sns.maxEntriesPerCall)
      assert.ok(batch.reduce((n, m) => n + Buffer.byteLength(m!), 0) <= SERVICE_LIMITS.sns.maxBytesPerCall)
    }
    assert.equal(report.delivered, 12)
    // No per-call options: they would make the SDK resolve its middleware stack for every call.
    assert.ok(sns.commandCalls(PublishBatchCommand).every((call) => (call.args as unknown[])[1] === undefined))
  })

  it('skips a record larger than an SNS message', async () => {
    sns.on(PublishBatchCommand).callsFake(snsOk)
    const mapping = testMapping('sns', TOPIC, {collapse: 'none'})
    const report = await createSnsTarget(mapping).deliver(outRecords(['x'.repeat(256 * 1024 + 1), 'ok']), deliveryContext(mapping))
    assert.match(report.skipped[0].reason, /does not fit in a SNS message/)
    assert.deepEqual(messages(), [['ok']])
  })
})
