import {firehoseOk} from './answers.js'
import {targetOf} from '../context.js'
import assert from 'node:assert/strict'
import {FirehoseClient, PutRecordBatchCommand} from '@aws-sdk/client-firehose'
import {mockClient, type AwsClientStub} from 'aws-sdk-client-mock'
import {createFirehoseDriver} from '../../../runtime/targets/firehose.js'
import {deliveryContext, testMapping} from '../context.js'
import {outRecords} from '../records.js'
import {inBothModes, sentInput} from './sent-input.js'

const createFirehoseTarget = targetOf(createFirehoseDriver)

describe('firehose target', () => {
  let firehose!: AwsClientStub<FirehoseClient>
  // Created in before(), not at load: a mock patches the class for the whole process.
  before(() => {
    firehose = mockClient(FirehoseClient)
  })
  before(() => (process.env.AWS_REGION ??= 'us-east-1'))
  afterEach(() => firehose.reset())
  // Mocks patch the client class for the whole process: give it back for the other suites.
  after(() => firehose.restore())

  inBothModes(() => {
    const datas = () => firehose.commandCalls(PutRecordBatchCommand).map((c) => sentInput(c.args[0].input).Records!.map((r) => Buffer.from(r.Data!).toString()))

    it('sends the record bytes, with a newline after each with appendNewlines', async () => {
      firehose.on(PutRecordBatchCommand).callsFake((input) => firehoseOk(sentInput(input)))
      const plain = testMapping('firehose', 'hose')
      await createFirehoseTarget(plain).deliver(outRecords(['a', 'b']), deliveryContext(plain))
      const lines = testMapping('firehose', 'arn:aws:firehose:us-east-1:123456789012:deliverystream/hose', {appendNewlines: true})
      await createFirehoseTarget(lines).deliver(outRecords(['a', 'b']), deliveryContext(lines))
      assert.deepEqual(datas(), [
        ['a', 'b'],
        ['a\n', 'b\n'],
      ])
      assert.deepEqual(firehose.commandCalls(PutRecordBatchCommand).map((c) => sentInput(c.args[0].input).DeliveryStreamName), ['hose', 'hose'])
    })

    it('retries the entries of FailedPutCount', async () => {
      firehose
        .on(PutRecordBatchCommand)
        .resolvesOnce({FailedPutCount: 1, RequestResponses: [{ErrorCode: 'ServiceUnavailableException'}, {RecordId: '2'}]})
        .callsFake((input) => firehoseOk(sentInput(input)))
      const mapping = testMapping('firehose', 'hose')
      const report = await createFirehoseTarget(mapping).deliver(outRecords(['a', 'b']), deliveryContext(mapping))
      assert.deepEqual(datas(), [['a', 'b'], ['a']])
      assert.equal(report.delivered, 2)
    })
  })
})
