// messageGroupId templates on FIFO SQS queues and an SNS FIFO topic (moto server), through the
// packaged function: each message carries the group id rendered from its record
// (`${data.customerId}`); a record whose path is missing keeps the default group id (its source key,
// collapse none); a filter and a template on one row work together; collapsed messages pack one
// group each; an over-long group id is hashed.
import assert from 'node:assert/strict'
import {createHash} from 'node:crypto'
import type {DynamoDBClient} from '@aws-sdk/client-dynamodb'
import {CreateTopicCommand, SNSClient, SubscribeCommand} from '@aws-sdk/client-sns'
import {CreateQueueCommand, DeleteMessageCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient} from '@aws-sdk/client-sqs'
import {createClient} from '../../../runtime/aws/client-factory.js'
import {TEST_AWS_ENV} from '../../helpers/emulators.js'
import {kinesisEvent, kinesisStreamArn} from '../../helpers/events.js'
import {MOTO_ENDPOINT, requireService} from '../../helpers/services.js'
import {invokePackaged} from '../../helpers/zip-handler.js'
import {createMappingTable, dynamo, putRow, suffix, TEST_AWS_ENV_CREDENTIALS} from '../fixtures.js'
import {targetMetric} from './fixture.js'

type Result = {batchItemFailures: Array<{itemIdentifier: string}>}
const options = {credentials: TEST_AWS_ENV_CREDENTIALS, endpoint: MOTO_ENDPOINT, region: TEST_AWS_ENV.AWS_REGION}

/** Every message of a FIFO queue with its group id, in the order received (deleted as read, so no group stays blocked). */
async function drainFifo(sqs: SQSClient, queueUrl: string, expected: number): Promise<Array<[groupId: string, body: string]>> {
  const out: Array<[string, string]> = []
  for (let i = 0; i < 50 && out.length < expected; i++) {
    const page = await sqs.send(
      new ReceiveMessageCommand({MaxNumberOfMessages: 10, MessageSystemAttributeNames: ['MessageGroupId'], QueueUrl: queueUrl, VisibilityTimeout: 300, WaitTimeSeconds: 0}),
    )
    for (const message of page.Messages ?? []) {
      out.push([message.Attributes?.MessageGroupId ?? '(none)', message.Body!])
      await sqs.send(new DeleteMessageCommand({QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle!}))
    }
    if (!page.Messages?.length) await new Promise((resolve) => setTimeout(resolve, 100))
  }
  return out
}

describe('messageGroupId templates on FIFO queues and topics (packaged handler, moto server)', function () {
  this.timeout(120_000)
  let ddb: DynamoDBClient
  let sqs: SQSClient
  const table = `fifo-group-${suffix()}`
  const env = {AWS_ENDPOINT_URL: MOTO_ENDPOINT, FANOUT_TABLE: table}

  before(async function () {
    await requireService(this, 'moto')
    ddb = dynamo(MOTO_ENDPOINT)
    sqs = createClient(SQSClient, options)
    await createMappingTable(ddb, table)
  })
  after(() => {
    ddb?.destroy()
    sqs?.destroy()
  })

  const fifoQueue = async (name: string) =>
    (await sqs.send(new CreateQueueCommand({Attributes: {FifoQueue: 'true'}, QueueName: `${name}-${suffix()}.fifo`}))).QueueUrl!

  it('each message carries the group id rendered from its record; a missing, null or non-JSON value keeps the source key', async () => {
    const source = kinesisStreamArn(`fifo-src-${suffix()}`)
    const [byCustomer, filtered] = [await fifoQueue('by-customer'), await fifoQueue('filtered')]
    await putRow(ddb, table, {active: true, collapse: 'none', destination: byCustomer, id: 'by-customer', messageGroupId: 'cust-${data.customerId}', sourceArn: source, type: 'sqs'})
    await putRow(ddb, table, {
      active: true,
      collapse: 'none',
      destination: filtered,
      filter: '{"data":{"kind":["order"]}}',
      id: 'filtered',
      messageGroupId: '${data.customerId}',
      sourceArn: source,
      type: 'sqs',
    })
    const inputs = [
      {data: '{"customerId":"alice","kind":"order"}', partitionKey: 'src-0'},
      {data: '{"customerId":"bob","kind":"refund"}', partitionKey: 'src-1'},
      {data: '{"customerId":7,"kind":"order"}', partitionKey: 'src-2'},
      {data: '{"kind":"order"}', partitionKey: 'src-3'},
      {data: '{"customerId":null,"kind":"order"}', partitionKey: 'src-4'},
      {data: 'customerId=carol', partitionKey: 'src-5'},
      {data: '{"customerId":"alice","kind":"order","n":2}', partitionKey: 'src-6'},
    ]
    const {results, logs} = await invokePackaged<Result>([kinesisEvent(source, inputs)], {env})
    assert.deepEqual(results, [{ok: true, value: {batchItemFailures: []}}])

    const got = await drainFifo(sqs, byCustomer, inputs.length)
    const groups = ['cust-alice', 'cust-bob', 'cust-7', 'src-3', 'src-4', 'src-5', 'cust-alice']
    assert.deepEqual(
      [...got].sort((a, b) => a[1].localeCompare(b[1])),
      inputs.map((input, n): [string, string] => [groups[n], input.data]).sort((a, b) => a[1].localeCompare(b[1])),
    )
    // Within a group, FIFO order is the source order.
    assert.deepEqual(got.filter(([group]) => group === 'cust-alice').map(([, body]) => body), [inputs[0].data, inputs[6].data])

    const orders = await drainFifo(sqs, filtered, 5)
    assert.deepEqual(
      [...orders].sort((a, b) => a[1].localeCompare(b[1])),
      (
        [
          ['alice', inputs[0].data],
          ['7', inputs[2].data],
          ['src-3', inputs[3].data],
          ['src-4', inputs[4].data],
          ['alice', inputs[6].data],
        ] as Array<[string, string]>
      ).sort((a, b) => a[1].localeCompare(b[1])),
    )
    assert.equal(targetMetric(logs, 'filtered')?.Filtered, 2)
  })

  it('collapse JSON: each message packs only records of one group, under that group id (records without the path: the mapping id, as collapsed FIFO messages always had)', async () => {
    const source = kinesisStreamArn(`fifo-json-src-${suffix()}`)
    const queue = await fifoQueue('packed')
    await putRow(ddb, table, {active: true, collapse: 'JSON', destination: queue, id: 'packed', messageGroupId: '${data.customerId}', sourceArn: source, type: 'sqs'})
    const inputs = ['{"customerId":"alice","n":0}', '{"customerId":"bob","n":1}', '{"n":2}', '{"customerId":"alice","n":3}', '{"customerId":"bob","n":4}']
    const {results} = await invokePackaged<Result>([kinesisEvent(source, inputs)], {env})
    assert.deepEqual(results, [{ok: true, value: {batchItemFailures: []}}])
    const messages = await drainFifo(sqs, queue, 3)
    const grouped = messages.map(([group, body]) => [group, (JSON.parse(body) as {Records: Array<{n: number}>}).Records.map((r) => r.n)] as const)
    assert.deepEqual(
      [...grouped].sort((a, b) => a[0].localeCompare(b[0])),
      [
        ['alice', [0, 3]],
        ['bob', [1, 4]],
        ['packed', [2]],
      ],
    )
  })

  it('a rendered group id longer than FIFO allows (128) is replaced as over-long keys always were (a SHA-256 of it)', async () => {
    const source = kinesisStreamArn(`fifo-long-src-${suffix()}`)
    const queue = await fifoQueue('long')
    await putRow(ddb, table, {active: true, collapse: 'none', destination: queue, id: 'long', messageGroupId: 'g-${data.customerId}', sourceArn: source, type: 'sqs'})
    const long = 'x'.repeat(200)
    const {results} = await invokePackaged<Result>([kinesisEvent(source, [{data: JSON.stringify({customerId: long}), partitionKey: 'k'}])], {env})
    assert.deepEqual(results, [{ok: true, value: {batchItemFailures: []}}])
    assert.deepEqual(await drainFifo(sqs, queue, 1), [[createHash('sha256').update(`g-${long}`).digest('hex'), JSON.stringify({customerId: long})]])
  })

  it('SNS FIFO topic: the rendered group id reaches a FIFO queue subscribed to it (RawMessageDelivery)', async () => {
    const sns = createClient(SNSClient, options)
    try {
      const source = kinesisStreamArn(`fifo-sns-src-${suffix()}`)
      const topic = (await sns.send(new CreateTopicCommand({Attributes: {FifoTopic: 'true'}, Name: `groups-${suffix()}.fifo`}))).TopicArn!
      const subscriber = await fifoQueue('subscriber')
      const queueArn = (await sqs.send(new GetQueueAttributesCommand({AttributeNames: ['QueueArn'], QueueUrl: subscriber}))).Attributes!.QueueArn!
      await sns.send(new SubscribeCommand({Attributes: {RawMessageDelivery: 'true'}, Endpoint: queueArn, Protocol: 'sqs', TopicArn: topic}))
      await putRow(ddb, table, {active: true, collapse: 'none', destination: topic, id: 'sns-groups', messageGroupId: '${data.customerId}', sourceArn: source, type: 'sns'})
      const inputs = [{data: '{"customerId":"alice"}', partitionKey: 'src-0'}, {data: '{"other":1}', partitionKey: 'src-1'}]
      const {results} = await invokePackaged<Result>([kinesisEvent(source, inputs)], {env})
      assert.deepEqual(results, [{ok: true, value: {batchItemFailures: []}}])
      assert.deepEqual((await drainFifo(sqs, subscriber, 2)).sort(), [['alice', inputs[0].data], ['src-1', inputs[1].data]].sort())
    } finally {
      sns.destroy()
    }
  })
})
