// The bare baselines: what a hand-written function would do to deliver the same Kinesis event to
// each target type with the same libraries (AWS SDK v3 clients, @opensearch-project/opensearch,
// ioredis, memjs), making the same calls as the fan-out's target (runtime/targets/*.ts) under the
// same limits (runtime/limits.ts): decode each record's base64, build the requests, send them a
// few at a time. No validation, no retries, no metrics: the least work that gives the same calls.
import {Agent} from 'node:http'
import {pathToFileURL} from 'node:url'
import {chunks, pool, packBySize, ROOT} from './common.mjs'

/** Calls in flight at once: the delivery loop's bound per mapping (runtime/delivery/loop.ts). */
export const IN_FLIGHT = 8

const {SERVICE_LIMITS} = await import(pathToFileURL(`${ROOT}dist/runtime/limits.js`).href)

/** The event's records decoded, as every baseline starts. */
const decode = (event) => event.Records.map((r) => ({data: Buffer.from(r.kinesis.data, 'base64'), key: r.kinesis.partitionKey}))

/** One client per service, the HTTP/1.1 handler with keep-alive (the Kinesis client defaults to HTTP/2). */
async function httpHandler() {
  const {NodeHttpHandler} = await import('@smithy/node-http-handler')
  return new NodeHttpHandler({httpAgent: new Agent({keepAlive: true, maxSockets: 50})})
}

/** The AWS SDK baselines against the bench endpoint (AWS_ENDPOINT_URL); each takes the event. */
export async function awsBaselines({queue, topicArn, functionName, iot, es}) {
  const requestHandler = await httpHandler()
  const [{KinesisClient, PutRecordsCommand}, {FirehoseClient, PutRecordBatchCommand}, {SQSClient, SendMessageBatchCommand}, {SNSClient, PublishBatchCommand}, {LambdaClient, InvokeCommand}, {IoTDataPlaneClient, PublishCommand}] =
    await Promise.all([
      import('@aws-sdk/client-kinesis'),
      import('@aws-sdk/client-firehose'),
      import('@aws-sdk/client-sqs'),
      import('@aws-sdk/client-sns'),
      import('@aws-sdk/client-lambda'),
      import('@aws-sdk/client-iot-data-plane'),
    ])
  const kinesis = new KinesisClient({requestHandler})
  const firehose = new FirehoseClient({requestHandler})
  const sqs = new SQSClient({requestHandler})
  const sns = new SNSClient({requestHandler})
  const lambda = new LambdaClient({requestHandler})
  const iotData = new IoTDataPlaneClient({endpoint: iot.endpoint, requestHandler})
  const {Client} = await import('@opensearch-project/opensearch')
  const {AwsSigv4Signer} = await import('@opensearch-project/opensearch/aws-v3')
  const credentials = {accessKeyId: process.env.AWS_ACCESS_KEY_ID, secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY}
  const search = new Client({...AwsSigv4Signer({getCredentials: async () => credentials, region: process.env.AWS_REGION, service: 'es'}), maxRetries: 0, node: es.node})

  const sqsBatches = (event) => chunks(decode(event), SERVICE_LIMITS.sqs.maxEntriesPerCall).map((batch) => batch.map((r, n) => ({Id: String(n), MessageBody: r.data.toString('utf8')})))
  const snsBatches = (event) => chunks(decode(event), SERVICE_LIMITS.sns.maxEntriesPerCall).map((batch) => batch.map((r, n) => ({Id: String(n), Message: r.data.toString('utf8')})))
  const sendSqs = (Entries) => sqs.send(new SendMessageBatchCommand({Entries, QueueUrl: queue}))
  const sendSns = (PublishBatchRequestEntries) => sns.send(new PublishBatchCommand({PublishBatchRequestEntries, TopicArn: topicArn}))

  // lambda target: {"Records":[...]} of the event's records as delivered, each payload within the limit.
  const OPEN = '{"Records":['
  const CLOSE = ']}'
  const lambdaFrame = OPEN.length + CLOSE.length - 1
  const lambdaPayloads = (event) =>
    packBySize(event.Records.map((record) => JSON.stringify(record)), (json) => Buffer.byteLength(json) + 1, {
      maxBytes: SERVICE_LIMITS.lambda.maxBytesPerCall - lambdaFrame,
      maxEntries: SERVICE_LIMITS.lambda.maxEntriesPerCall,
    }).map((jsons) => Buffer.from(OPEN + jsons.join(',') + CLOSE))

  // Collapse JSON (iot, sqs): {"Records":[...]} of the records (JSON already) per message of at most maxBytes.
  const jsonOpen = Buffer.from('{"Records":[')
  const jsonClose = Buffer.from(']}')
  const comma = Buffer.from(',')
  const jsonMessages = (event, maxBytes) =>
    packBySize(decode(event), (r) => r.data.length + 1, {maxBytes: maxBytes - jsonOpen.length - jsonClose.length + 1}).map((group) =>
      Buffer.concat([jsonOpen, ...group.flatMap((r, n) => (n ? [comma, r.data] : [r.data])), jsonClose]),
    )
  // SendMessageBatch of JSON messages: as many as fit the call's count and byte limits.
  const sqsJsonBatches = (event) =>
    packBySize(jsonMessages(event, SERVICE_LIMITS.sqs.maxEntryBytes), (body) => body.length, {maxBytes: SERVICE_LIMITS.sqs.maxBytesPerCall, maxEntries: SERVICE_LIMITS.sqs.maxEntriesPerCall}).map(
      (bodies) => bodies.map((body, n) => ({Id: String(n), MessageBody: body.toString('utf8')})),
    )

  return {
    kinesis: (event) =>
      pool(chunks(decode(event), SERVICE_LIMITS.kinesis.maxEntriesPerCall), IN_FLIGHT, (batch) =>
        kinesis.send(new PutRecordsCommand({Records: batch.map((r) => ({Data: r.data, PartitionKey: r.key})), StreamName: 'bench-out'})),
      ),
    firehose: (event) =>
      pool(chunks(decode(event), SERVICE_LIMITS.firehose.maxEntriesPerCall), IN_FLIGHT, (batch) =>
        firehose.send(new PutRecordBatchCommand({DeliveryStreamName: 'bench-firehose', Records: batch.map((r) => ({Data: r.data}))})),
      ),
    sqsAllAtOnce: (event) => Promise.all(sqsBatches(event).map(sendSqs)),
    sqsInFlight: (event) => pool(sqsBatches(event), IN_FLIGHT, sendSqs),
    sqsJson: (event) => pool(sqsJsonBatches(event), IN_FLIGHT, sendSqs),
    snsAllAtOnce: (event) => Promise.all(snsBatches(event).map(sendSns)),
    snsInFlight: (event) => pool(snsBatches(event), IN_FLIGHT, sendSns),
    lambda: (event) => pool(lambdaPayloads(event), IN_FLIGHT, (Payload) => lambda.send(new InvokeCommand({FunctionName: functionName, InvocationType: 'Event', Payload}))),
    iot: (event) => pool(jsonMessages(event, SERVICE_LIMITS.iot.maxEntryBytes), IN_FLIGHT, (payload) => iotData.send(new PublishCommand({payload, topic: iot.topic}))),
    es: (event) =>
      pool(chunks(decode(event), SERVICE_LIMITS.es.maxEntriesPerCall), IN_FLIGHT, (batch) =>
        search.bulk({body: batch.flatMap((r) => [`{"index":{"_id":${JSON.stringify(r.key)}}}`, r.data.toString('utf8')]), index: es.index}),
      ),
    close: () => search.close(),
  }
}

/** The cache baselines: an ioredis pipeline of SETs per batch, memjs sets one batch at a time. */
export async function cacheBaselines({redisUrl, memcachedAddress}) {
  const {Redis} = await import('ioredis')
  const {default: memjs} = await import('memjs')
  const redis = new Redis(redisUrl, {lazyConnect: true, maxRetriesPerRequest: 0})
  await redis.connect()
  const memcached = memjs.Client.create(memcachedAddress, {keepAlive: true, logger: {log: () => {}}, retries: 1})
  return {
    redis: (event) =>
      pool(chunks(decode(event), SERVICE_LIMITS.redis.maxEntriesPerCall), IN_FLIGHT, async (batch) => {
        const pipeline = redis.pipeline()
        for (const r of batch) pipeline.set(r.key, r.data)
        await pipeline.exec()
      }),
    // The memcached target sends one batch of sets at a time (its driver's concurrency 1).
    memcached: (event) =>
      pool(chunks(decode(event), SERVICE_LIMITS.memcached.maxEntriesPerCall), 1, (batch) => Promise.all(batch.map((r) => memcached.set(r.key, r.data, {expires: 0})))),
    close: () => {
      redis.disconnect()
      memcached.close()
    },
  }
}
