// The bench endpoint (bench/lib/endpoint.mjs) answers each API the way its SDK client parses and
// the fan-out's targets read it: every entry acknowledged. A wrong answer would make the bench
// measure retries (the function) or nothing (a bare baseline does not read the answers).
import assert from 'node:assert/strict'
import {FirehoseClient, PutRecordBatchCommand} from '@aws-sdk/client-firehose'
import {IoTDataPlaneClient, PublishCommand} from '@aws-sdk/client-iot-data-plane'
import {InvokeCommand, LambdaClient} from '@aws-sdk/client-lambda'
import {KinesisClient, PutRecordsCommand} from '@aws-sdk/client-kinesis'
import {PublishBatchCommand, SNSClient} from '@aws-sdk/client-sns'
import {SendMessageBatchCommand, SQSClient} from '@aws-sdk/client-sqs'
import {NodeHttpHandler} from '@smithy/node-http-handler'
import {Client} from '@opensearch-project/opensearch'
import {AwsSigv4Signer} from '@opensearch-project/opensearch/aws-v3'
// @ts-expect-error plain JavaScript bench library
import {startEndpoint} from '../../bench/lib/common.mjs'
import {bulkOutcomes} from '../../runtime/targets/es.js'
import {firehoseOutcomes} from '../../runtime/targets/firehose.js'
import {kinesisOutcomes} from '../../runtime/targets/kinesis.js'
import {batchOutcomes, type MessageEntry} from '../../runtime/targets/message-entries.js'
import {ACKNOWLEDGED} from '../../runtime/targets/target.js'

interface Endpoint {
  url: string
  close(): void
  stats(): Promise<Record<string, number>>
}

const credentials = {accessKeyId: 'bench', secretAccessKey: 'bench'}
const entries = (n: number): MessageEntry[] => Array.from({length: n}, (_, i) => ({body: `m${i}`, records: [], size: 2}))
const acknowledged = (n: number) => Array.from({length: n}, () => ACKNOWLEDGED)

describe('bench endpoint', function () {
  this.timeout(20_000)
  let endpoint: Endpoint
  let config: {credentials: typeof credentials; endpoint: string; region: string; requestHandler: NodeHttpHandler}

  before(async () => {
    endpoint = (await startEndpoint()) as Endpoint
    config = {credentials, endpoint: endpoint.url, region: 'us-east-1', requestHandler: new NodeHttpHandler()}
  })
  after(() => endpoint.close())

  it('acknowledges every Kinesis and Firehose record', async () => {
    const kinesis = await new KinesisClient(config).send(new PutRecordsCommand({Records: [{Data: Buffer.from('a'), PartitionKey: 'k'}, {Data: Buffer.from('b'), PartitionKey: 'k'}], StreamName: 's'}))
    assert.deepEqual(kinesisOutcomes([0, 1], kinesis), acknowledged(2))
    const firehose = await new FirehoseClient(config).send(new PutRecordBatchCommand({DeliveryStreamName: 'f', Records: [{Data: Buffer.from('a')}, {Data: Buffer.from('b')}]}))
    assert.deepEqual(firehoseOutcomes([0, 1], firehose), acknowledged(2))
  })

  it('acknowledges every SQS and SNS entry (SNS: awsQuery XML)', async () => {
    const sqs = await new SQSClient(config).send(new SendMessageBatchCommand({Entries: [{Id: '0', MessageBody: 'm0'}, {Id: '1', MessageBody: 'm1'}], QueueUrl: `${endpoint.url}/123456789012/q`}))
    assert.deepEqual(batchOutcomes(entries(2), sqs, 'SQS'), acknowledged(2))
    const ten = entries(10)
    const sns = await new SNSClient(config).send(
      new PublishBatchCommand({PublishBatchRequestEntries: ten.map((e, n) => ({Id: String(n), Message: e.body})), TopicArn: 'arn:aws:sns:us-east-1:123456789012:t'}),
    )
    assert.deepEqual(batchOutcomes(ten, sns, 'SNS'), acknowledged(10))
  })

  it('answers an asynchronous Invoke with 202 and an IoT Publish with success', async () => {
    const invoke = await new LambdaClient(config).send(new InvokeCommand({FunctionName: 'f', InvocationType: 'Event', Payload: Buffer.from('{"Records":[]}')}))
    assert.equal(invoke.StatusCode, 202)
    const publish = await new IoTDataPlaneClient(config).send(new PublishCommand({payload: Buffer.from('{}'), topic: 'a/b'}))
    assert.equal(publish.$metadata.httpStatusCode, 200)
  })

  it('answers a signed _bulk (POST as the es target sends it, PUT as bulk() does) with a 2xx item per action', async () => {
    const client = new Client({...AwsSigv4Signer({getCredentials: async () => credentials, region: 'us-east-1', service: 'es'}), maxRetries: 0, node: endpoint.url})
    const body = Buffer.from('{"index":{"_id":"a"}}\n{"n":1}\n{"index":{"_id":"b"}}\n{"n":2}\n')
    const response = await client.transport.request({bulkBody: body, method: 'POST', path: '/i/_bulk'}, {headers: {'content-type': 'application/x-ndjson'}})
    assert.deepEqual(bulkOutcomes(2, response.body), acknowledged(2))
    // Lines as strings, as the bare baseline passes them (the serializer takes them as they are; the typings want objects).
    const lines = ['{"index":{"_id":"c"}}', '{"n":3}'] as unknown as Array<Record<string, unknown>>
    const viaBulk = await client.bulk({body: lines, index: 'i'})
    assert.deepEqual(bulkOutcomes(1, viaBulk.body), acknowledged(1))
    await client.close()
  })

  it('counts the calls per API', async () => {
    const stats = await endpoint.stats()
    for (const api of ['PutRecords', 'PutRecordBatch', 'SendMessageBatch', 'PublishBatch', 'Invoke', 'Publish']) assert.equal(stats[api], 1, api)
    assert.equal(stats.Bulk, 2)
  })
})
