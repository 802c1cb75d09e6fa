import {kinesisOk} from './answers.js'
import {targetOf} from '../context.js'
import assert from 'node:assert/strict'
import {KinesisClient, PutRecordsCommand} from '@aws-sdk/client-kinesis'
import {mockClient, type AwsClientStub} from 'aws-sdk-client-mock'
import {createKinesisDriver, partitionKeyFor} from '../../../runtime/targets/kinesis.js'
import {SERVICE_LIMITS} from '../../../runtime/limits.js'
import {deliveryContext, testMapping} from '../context.js'
import {outRecords} from '../records.js'
import {inBothModes, sentInput} from './sent-input.js'

const createKinesisTarget = targetOf(createKinesisDriver)

describe('kinesis target', () => {
  let kinesis!: AwsClientStub<KinesisClient>
  // Created in before(), not at load: a mock patches the class for the whole process.
  before(() => {
    kinesis = mockClient(KinesisClient)
  })
  before(() => (process.env.AWS_REGION ??= 'us-east-1'))
  afterEach(() => kinesis.reset())
  // Mocks patch the client class for the whole process: give it back for the other suites.
  after(() => kinesis.restore())

  inBothModes(() => {
    it('sends PutRecords with the record bytes and source keys, by StreamName for a name', async () => {
      kinesis.on(PutRecordsCommand).callsFake((input) => kinesisOk(sentInput(input)))
      const mapping = testMapping('kinesis', 'out-stream')
      const records = outRecords(['a', Buffer.from([0, 255])], ['k1', 'k2'])
      const report = await createKinesisTarget(mapping).deliver(records, deliveryContext(mapping))
      const input = sentInput(kinesis.commandCalls(PutRecordsCommand)[0].args[0].input)
      assert.equal(input.StreamName, 'out-stream')
      assert.equal(input.StreamARN, undefined)
      assert.deepEqual(input.Records?.map((r) => [Buffer.from(r.Data!).toString('hex'), r.PartitionKey]), [
        ['61', 'k1'],
        ['00ff', 'k2'],
      ])
      assert.deepEqual([report.delivered, report.calls], [2, 1])
    })

    it('addresses a stream given by ARN by StreamARN', async () => {
      kinesis.on(PutRecordsCommand).callsFake((input) => kinesisOk(sentInput(input)))
      const arn = 'arn:aws-us-gov:kinesis:us-gov-west-1:123456789012:stream/out'
      const mapping = testMapping('kinesis', arn)
      await createKinesisTarget(mapping).deliver(outRecords(['a']), deliveryContext(mapping))
      const input = sentInput(kinesis.commandCalls(PutRecordsCommand)[0].args[0].input)
      assert.deepEqual([input.StreamARN, input.StreamName], [arn, undefined])
    })

    it('batches by 500 records', async () => {
      kinesis.on(PutRecordsCommand).callsFake((input) => kinesisOk(sentInput(input)))
      const mapping = testMapping('kinesis', 'out')
      await createKinesisTarget(mapping).deliver(outRecords(Array.from({length: 1001}, () => 'x')), deliveryContext(mapping))
      assert.deepEqual(kinesis.commandCalls(PutRecordsCommand).map((c) => sentInput(c.args[0].input).Records!.length).sort(), [1, 500, 500])
      assert.equal(SERVICE_LIMITS.kinesis.maxEntriesPerCall, 500)
    })

    it('retries only the failed entries of a partial failure', async () => {
      kinesis
        .on(PutRecordsCommand)
        .resolvesOnce({FailedRecordCount: 1, Records: [{SequenceNumber: '1'}, {ErrorCode: 'ProvisionedThroughputExceededException'}, {SequenceNumber: '3'}]})
        .callsFake((input) => kinesisOk(sentInput(input)))
      const mapping = testMapping('kinesis', 'out')
      const report = await createKinesisTarget(mapping).deliver(outRecords(['a', 'b', 'c']), deliveryContext(mapping))
      const calls = kinesis.commandCalls(PutRecordsCommand).map((c) => sentInput(c.args[0].input).Records!.map((r) => Buffer.from(r.Data!).toString()))
      assert.deepEqual(calls, [['a', 'b', 'c'], ['b']])
      assert.deepEqual([report.delivered, report.retried, report.failed.length], [3, 1, 0])
    })

    it('skips a record over 1 MiB (data + key) and sends the rest', async () => {
      kinesis.on(PutRecordsCommand).callsFake((input) => kinesisOk(sentInput(input)))
      const mapping = testMapping('kinesis', 'out')
      const big = Buffer.alloc(SERVICE_LIMITS.kinesis.maxEntryBytes - 1)
      const report = await createKinesisTarget(mapping).deliver(outRecords([big, 'small'], ['kk', 'k']), deliveryContext(mapping))
      assert.equal(report.skipped.length, 1)
      assert.match(report.skipped[0].reason, /exceeds the Kinesis limit/)
      assert.equal(report.delivered, 1)
    })

    it('reports every record failed when the stream does not exist (no endless retry, no data dropped)', async () => {
      kinesis.on(PutRecordsCommand).rejects(Object.assign(new Error('not found'), {$metadata: {httpStatusCode: 400}, name: 'ResourceNotFoundException'}))
      const mapping = testMapping('kinesis', 'out')
      const report = await createKinesisTarget(mapping).deliver(outRecords(['a', 'b']), deliveryContext(mapping))
      assert.deepEqual([report.failed.length, report.calls], [2, 1])
    })

    it('hashes partition keys Kinesis would refuse (empty or over 256 characters)', () => {
      assert.equal(partitionKeyFor('k'), 'k')
      assert.equal(partitionKeyFor('x'.repeat(256)), 'x'.repeat(256))
      assert.match(partitionKeyFor('x'.repeat(257)), /^[0-9a-f]{64}$/)
      assert.match(partitionKeyFor(''), /^[0-9a-f]{64}$/)
    })
  })
})
