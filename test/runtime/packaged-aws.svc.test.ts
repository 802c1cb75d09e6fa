// The packaged handler against moto server: SQS (collapse none and JSON) read back, SNS with an SQS
// subscription (RawMessageDelivery) read back, Firehose into S3 read back, and Lambda async Invoke.
// Records are compared byte for byte.
import assert from 'node:assert/strict'
import type {DynamoDBClient} from '@aws-sdk/client-dynamodb'
import {CreateDeliveryStreamCommand, FirehoseClient} from '@aws-sdk/client-firehose'
import {CreateRoleCommand, IAMClient} from '@aws-sdk/client-iam'
import {CreateFunctionCommand, LambdaClient} from '@aws-sdk/client-lambda'
import {CreateTopicCommand, SNSClient, SubscribeCommand} from '@aws-sdk/client-sns'
import {CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient} from '@aws-sdk/client-sqs'
import {createClient} from '../../runtime/aws/client-factory.js'
import {TEST_AWS_ENV} from '../helpers/emulators.js'
import {jsonRecord, kinesisEvent, kinesisStreamArn} from '../helpers/events.js'
import {MOTO_ENDPOINT, requireService} from '../helpers/services.js'
import {invokePackaged, jsonLogs} from '../helpers/zip-handler.js'
import {createMappingTable, dynamo, putRow, suffix, TEST_AWS_ENV_CREDENTIALS} from './fixtures.js'

type Result = {batchItemFailures: Array<{itemIdentifier: string}>}
const options = {credentials: TEST_AWS_ENV_CREDENTIALS, endpoint: MOTO_ENDPOINT, region: TEST_AWS_ENV.AWS_REGION}

async function drain(sqs: SQSClient, queueUrl: string, expected: number): Promise<string[]> {
  const bodies: string[] = []
  for (let i = 0; i < 50 && bodies.length < expected; i++) {
    const out = await sqs.send(new ReceiveMessageCommand({MaxNumberOfMessages: 10, QueueUrl: queueUrl, VisibilityTimeout: 300, WaitTimeSeconds: 0}))
    for (const message of out.Messages ?? []) bodies.push(message.Body!)
    if (!out.Messages?.length) await new Promise((resolve) => setTimeout(resolve, 100))
  }
  return bodies
}

/** Objects of a moto S3 bucket over plain HTTP: moto wants an Authorization header but does not check its signature. */
async function bucketObjects(bucket: string): Promise<Buffer[]> {
  const headers = {authorization: 'AWS4-HMAC-SHA256 Credential=testing/20240101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=0'}
  const list = await (await fetch(`${MOTO_ENDPOINT}/${bucket}?list-type=2`, {headers})).text()
  const keys = [...list.matchAll(/<Key>([^<]+)<\/Key>/g)].map((m) => m[1]).sort()
  return Promise.all(keys.map(async (key) => Buffer.from(await (await fetch(`${MOTO_ENDPOINT}/${bucket}/${key}`, {headers})).arrayBuffer())))
}

describe('packaged handler → SQS, SNS, Firehose, Lambda (moto server)', function () {
  this.timeout(120_000)
  let ddb: DynamoDBClient
  let sqs: SQSClient
  const table = `svc-targets-${suffix()}`
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

  const queue = async (name: string) => (await sqs.send(new CreateQueueCommand({QueueName: `${name}-${suffix()}`}))).QueueUrl!

  it('SQS: collapse none sends each record as one message; JSON packs {"Records":[...]}', async () => {
    const source = kinesisStreamArn(`svc-sqs-${suffix()}`)
    const [none, json] = [await queue('none'), await queue('json')]
    await putRow(ddb, table, {active: true, collapse: 'none', destination: none, id: 'none', sourceArn: source, type: 'sqs'})
    await putRow(ddb, table, {active: true, collapse: 'JSON', destination: json, id: 'json', sourceArn: source, type: 'sqs'})
    const texts = [...Array.from({length: 23}, (_, n) => jsonRecord(n, 300)), 'plain text ✓']
    const notUtf8 = Buffer.from([0xff, 0xfe, 0x41])
    const withNul = 'nul\u0000inside'
    const event = kinesisEvent(source, [...texts, notUtf8, withNul])
    const {results, logs} = await invokePackaged<Result>([event], {env})
    assert.deepEqual(results, [{ok: true, value: {batchItemFailures: []}}])

    // none: text as is, bytes that are not UTF-8 as base64; SQS refuses NUL, so that record is skipped and logged.
    const got = await drain(sqs, none, texts.length + 1)
    assert.deepEqual([...got].sort(), [...texts, notUtf8.toString('base64')].sort())
    const skipped = jsonLogs(logs).filter((l) => l.message === 'record skipped')
    assert.deepEqual(skipped.map((l) => [l.mapping, l.sequenceNumber]), [['none', event.Records[texts.length + 1].kinesis.sequenceNumber]])
    // JSON: every record, the JSON ones as they are, the others as JSON strings.
    const packed = await drain(sqs, json, 1)
    assert.equal(packed.length, 1)
    const members = [...texts.map((d) => (d.startsWith('{') ? d : JSON.stringify(d))), '"//5B"', JSON.stringify(withNul)]
    assert.equal(packed[0], `{"Records":[${members.join(',')}]}`)
    const metrics = jsonLogs(logs).filter((l) => l._aws && l.Target !== undefined)
    assert.deepEqual(metrics.map((m) => [m.Target, m.Delivered, m.Skipped]).sort(), [
      ['json', texts.length + 2, 0],
      ['none', texts.length + 1, 1],
    ])
  })

  it('SQS queue with MaximumMessageSize 256 KiB: its limit is learned from the refusal, collapsed messages repacked, an oversized record skipped', async () => {
    const LIMIT = 262_144
    const small = async (name: string) =>
      (await sqs.send(new CreateQueueCommand({Attributes: {MaximumMessageSize: String(LIMIT)}, QueueName: `${name}-${suffix()}`}))).QueueUrl!
    const [jsonSource, noneSource] = [kinesisStreamArn(`svc-small-json-${suffix()}`), kinesisStreamArn(`svc-small-none-${suffix()}`)]
    const [json, none] = [await small('small-json'), await small('small-none')]
    await putRow(ddb, table, {active: true, collapse: 'JSON', destination: json, id: 'small-json', sourceArn: jsonSource, type: 'sqs'})
    await putRow(ddb, table, {active: true, collapse: 'none', destination: none, id: 'small-none', sourceArn: noneSource, type: 'sqs'})
    // JSON: 400 records of 1 KiB make one 400 KiB message at the service maximum (1 MiB), too long
    // for this queue. none: record 4 of 25 is 300 KiB, too long for the queue even alone.
    const jsonTexts = Array.from({length: 400}, (_, n) => jsonRecord(n, 1024))
    const noneTexts = Array.from({length: 25}, (_, n) => jsonRecord(n, n === 4 ? 300 * 1024 : 1024))
    const noneEvent = kinesisEvent(noneSource, noneTexts)
    const event = {Records: [...kinesisEvent(jsonSource, jsonTexts).Records, ...noneEvent.Records]}
    const {results, logs} = await invokePackaged<Result>([event], {env})
    assert.deepEqual(results, [{ok: true, value: {batchItemFailures: []}}])

    // JSON: repacked to the queue's limit and sent again in the same invocation; every record there.
    const packed = await drain(sqs, json, 2)
    assert.ok(packed.length >= 2 && packed.every((body) => Buffer.byteLength(body) <= LIMIT), 'messages fit the queue')
    const members = packed.flatMap((body) => (JSON.parse(body) as {Records: Array<{id: number}>}).Records.map((r) => r.id))
    assert.deepEqual(members.sort((a, b) => a - b), jsonTexts.map((_, n) => n))
    // none: the 300 KiB record is skipped (logged with mapping id and sequence number); the other
    // nine entries of its batch and all later ones are delivered.
    const got = await drain(sqs, none, noneTexts.length - 1)
    assert.deepEqual([...got].sort(), noneTexts.filter((_, n) => n !== 4).sort())
    const lines = jsonLogs(logs)
    const skipped = lines.filter((l) => l.message === 'record skipped')
    assert.deepEqual(skipped.map((l) => [l.mapping, l.sequenceNumber]), [['small-none', noneEvent.Records[4].kinesis.sequenceNumber]])
    assert.match(String(skipped[0].reason), new RegExp(`at most ${LIMIT} bytes`))
    const metrics = lines.filter((l) => l._aws && l.Target !== undefined)
    assert.deepEqual(metrics.map((m) => [m.Target, m.Delivered, m.Skipped, m.Failed]).sort(), [
      ['small-json', jsonTexts.length, 0, 0],
      ['small-none', noneTexts.length - 1, 1, 0],
    ])
  })

  it('SNS: messages reach an SQS subscriber (RawMessageDelivery) byte for byte', async () => {
    const sns = createClient(SNSClient, options)
    try {
      const source = kinesisStreamArn(`svc-sns-${suffix()}`)
      const topic = (await sns.send(new CreateTopicCommand({Name: `fanout-out-${suffix()}`}))).TopicArn!
      const subscriber = await queue('sub')
      const queueArn = (await sqs.send(new GetQueueAttributesCommand({AttributeNames: ['QueueArn'], QueueUrl: subscriber}))).Attributes!.QueueArn!
      await sns.send(new SubscribeCommand({Attributes: {RawMessageDelivery: 'true'}, Endpoint: queueArn, Protocol: 'sqs', TopicArn: topic}))
      await putRow(ddb, table, {active: true, collapse: 'none', destination: topic, id: 'sns', sourceArn: source, type: 'sns'})
      const datas = Array.from({length: 15}, (_, n) => jsonRecord(n, 500))
      const {results} = await invokePackaged<Result>([kinesisEvent(source, datas)], {env})
      assert.deepEqual(results, [{ok: true, value: {batchItemFailures: []}}])
      assert.deepEqual((await drain(sqs, subscriber, datas.length)).sort(), [...datas].sort())
    } finally {
      sns.destroy()
    }
  })

  it('Firehose: records land in S3 with a newline after each (appendNewlines)', async () => {
    const firehose = createClient(FirehoseClient, options)
    try {
      const source = kinesisStreamArn(`svc-fh-${suffix()}`)
      const bucket = `fanout-fh-${suffix()}`
      await fetch(`${MOTO_ENDPOINT}/${bucket}`, {method: 'PUT'})
      const stream = `fanout-fh-${suffix()}`
      await firehose.send(
        new CreateDeliveryStreamCommand({
          DeliveryStreamName: stream,
          DeliveryStreamType: 'DirectPut',
          ExtendedS3DestinationConfiguration: {BucketARN: `arn:aws:s3:::${bucket}`, RoleARN: 'arn:aws:iam::123456789012:role/firehose'},
        }),
      )
      await putRow(ddb, table, {active: true, appendNewlines: true, destination: stream, id: 'fh', sourceArn: source, type: 'firehose'})
      const datas = Array.from({length: 20}, (_, n) => jsonRecord(n, 100))
      const {results} = await invokePackaged<Result>([kinesisEvent(source, datas)], {env})
      assert.deepEqual(results, [{ok: true, value: {batchItemFailures: []}}])
      const stored = Buffer.concat(await bucketObjects(bucket)).toString()
      assert.equal(stored, datas.map((d) => `${d}\n`).join(''))
    } finally {
      firehose.destroy()
    }
  })

  it('Lambda: async Invoke is accepted (moto answers 202 without Docker); a missing function is reported, not dropped', async () => {
    const iam = createClient(IAMClient, options)
    const lambda = createClient(LambdaClient, options)
    try {
      const source = kinesisStreamArn(`svc-lambda-${suffix()}`)
      const role = (await iam.send(new CreateRoleCommand({AssumeRolePolicyDocument: '{}', RoleName: `fanout-consumer-${suffix()}`}))).Role!.Arn!
      const fn = `fanout-consumer-${suffix()}`
      const emptyZip = Buffer.from('UEsFBgAAAAAAAAAAAAAAAAAAAAAAAA==', 'base64')
      await lambda.send(new CreateFunctionCommand({Code: {ZipFile: emptyZip}, FunctionName: fn, Handler: 'index.handler', Role: role, Runtime: 'nodejs20.x'}))
      await putRow(ddb, table, {active: true, destination: fn, id: 'lambda', sourceArn: source, type: 'lambda'})
      await putRow(ddb, table, {active: true, destination: `missing-${suffix()}`, id: 'missing', sourceArn: source, type: 'lambda'})
      const {results, logs} = await invokePackaged<Result>([kinesisEvent(source, ['a', 'b'], 40)], {env})
      assert.deepEqual(results, [{ok: true, value: {batchItemFailures: [{itemIdentifier: kinesisEvent(source, ['a'], 40).Records[0].kinesis.sequenceNumber}]}}])
      const metrics = Object.fromEntries(jsonLogs(logs).filter((l) => l._aws && l.Target !== undefined).map((m) => [m.Target, m]))
      assert.deepEqual([metrics.lambda.Delivered, metrics.lambda.Failed], [2, 0])
      assert.deepEqual([metrics.missing.Delivered, metrics.missing.Failed], [0, 2])
    } finally {
      iam.destroy()
      lambda.destroy()
    }
  })
})
