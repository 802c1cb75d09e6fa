// Function shapes of the cold-start bench (bench/cases/cold.mjs): the target types of one source's
// mappings, their rows, and what the bare AWS SDK (or driver) does for the same calls. The rows and
// the bare calls address the bench endpoint (bench/lib/endpoint.mjs) and, for redis and memcached,
// the real servers.
import {ACCOUNT, streamArn} from './common.mjs'

export const SHAPES = {
  kinesis: ['kinesis'],
  kinesisSqs: ['kinesis', 'sqs'],
  everyTarget: ['kinesis', 'firehose', 'sqs', 'sns', 'lambda', 'iot', 'es', 'redis', 'memcached'],
}

export const RECORDS = 10
export const RECORD_BYTES = 1024
export const sourceOf = (shape) => streamArn(`cold-${shape}`)

/** Where each target type sends: the endpoint URL for AWS services, the servers for the caches. */
export function destinations({endpoint, redisUrl, memcachedAddress}) {
  return {
    es: {node: endpoint, index: 'cold-index'},
    firehose: 'cold-firehose',
    iot: {endpoint, topic: 'cold/records'},
    kinesis: 'cold-out',
    lambda: 'cold-target',
    memcached: memcachedAddress,
    redis: redisUrl,
    sns: `arn:aws:sns:us-east-1:${ACCOUNT}:cold`,
    sqs: `${endpoint}/${ACCOUNT}/cold`,
  }
}

/** The mapping rows of the shape's source for its target types (what the configuration Query returns). */
export function shapeRows(shape, types, to) {
  const fields = {
    es: {destination: `${to.es.node}#${to.es.index}`},
    firehose: {destination: to.firehose},
    iot: {collapse: 'JSON', destination: `${to.iot.endpoint}#${to.iot.topic}`},
    kinesis: {destination: to.kinesis},
    lambda: {destination: to.lambda},
    memcached: {destination: to.memcached},
    redis: {destination: to.redis},
    sns: {collapse: 'none', destination: to.sns},
    sqs: {collapse: 'none', destination: to.sqs},
  }
  return types.map((type) => ({active: true, id: type, sourceArn: sourceOf(shape), type, ...fields[type]}))
}

/**
 * The bare baseline per target type: `load` imports its client from node_modules and builds it
 * (counted in the cold start), `send` makes the target's calls for the decoded records (one call
 * each at 10 records) and `close` lets the process end.
 */
export const BARE = {
  kinesis: {
    load: async ({requestHandler}) => new (await import('@aws-sdk/client-kinesis')).KinesisClient({requestHandler}),
    send: async (client, records, to) => {
      const {PutRecordsCommand} = await import('@aws-sdk/client-kinesis')
      await client.send(new PutRecordsCommand({Records: records.map((r) => ({Data: r.data, PartitionKey: r.key})), StreamName: to.kinesis}))
    },
  },
  firehose: {
    load: async ({requestHandler}) => new (await import('@aws-sdk/client-firehose')).FirehoseClient({requestHandler}),
    send: async (client, records, to) => {
      const {PutRecordBatchCommand} = await import('@aws-sdk/client-firehose')
      await client.send(new PutRecordBatchCommand({DeliveryStreamName: to.firehose, Records: records.map((r) => ({Data: r.data}))}))
    },
  },
  sqs: {
    load: async ({requestHandler}) => new (await import('@aws-sdk/client-sqs')).SQSClient({requestHandler}),
    send: async (client, records, to) => {
      const {SendMessageBatchCommand} = await import('@aws-sdk/client-sqs')
      await client.send(new SendMessageBatchCommand({Entries: records.map((r, n) => ({Id: String(n), MessageBody: r.data.toString('utf8')})), QueueUrl: to.sqs}))
    },
  },
  sns: {
    load: async ({requestHandler}) => new (await import('@aws-sdk/client-sns')).SNSClient({requestHandler}),
    send: async (client, records, to) => {
      const {PublishBatchCommand} = await import('@aws-sdk/client-sns')
      await client.send(new PublishBatchCommand({PublishBatchRequestEntries: records.map((r, n) => ({Id: String(n), Message: r.data.toString('utf8')})), TopicArn: to.sns}))
    },
  },
  lambda: {
    load: async ({requestHandler}) => new (await import('@aws-sdk/client-lambda')).LambdaClient({requestHandler}),
    send: async (client, records, to, event) => {
      const {InvokeCommand} = await import('@aws-sdk/client-lambda')
      await client.send(new InvokeCommand({FunctionName: to.lambda, InvocationType: 'Event', Payload: Buffer.from(JSON.stringify({Records: event.Records}))}))
    },
  },
  iot: {
    load: async ({requestHandler}, to) => new (await import('@aws-sdk/client-iot-data-plane')).IoTDataPlaneClient({endpoint: to.iot.endpoint, requestHandler}),
    send: async (client, records, to) => {
      const {PublishCommand} = await import('@aws-sdk/client-iot-data-plane')
      await client.send(new PublishCommand({payload: Buffer.from(`{"Records":[${records.map((r) => r.data).join(',')}]}`), topic: to.iot.topic}))
    },
  },
  es: {
    load: async (_, to) => {
      const [{Client}, {AwsSigv4Signer}] = await Promise.all([import('@opensearch-project/opensearch'), import('@opensearch-project/opensearch/aws-v3')])
      const credentials = {accessKeyId: process.env.AWS_ACCESS_KEY_ID, secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY}
      return new Client({...AwsSigv4Signer({getCredentials: async () => credentials, region: process.env.AWS_REGION, service: 'es'}), maxRetries: 0, node: to.es.node})
    },
    // POST /{index}/_bulk, as the es target sends it.
    send: (client, records, to) =>
      client.transport.request(
        {bulkBody: records.flatMap((r) => [`{"index":{"_id":${JSON.stringify(r.key)}}}`, r.data.toString('utf8')]), method: 'POST', path: `/${to.es.index}/_bulk`},
        {headers: {'content-type': 'application/x-ndjson'}},
      ),
    close: (client) => client.close(),
  },
  redis: {
    load: async (_, to) => new (await import('ioredis')).Redis(to.redis, {lazyConnect: true, maxRetriesPerRequest: 0}),
    send: async (client, records) => {
      const pipeline = client.pipeline()
      for (const r of records) pipeline.set(r.key, r.data)
      await pipeline.exec()
    },
    close: (client) => client.disconnect(),
  },
  memcached: {
    load: async (_, to) => (await import('memjs')).default.Client.create(to.memcached, {keepAlive: true, logger: {log: () => {}}, retries: 1}),
    send: (client, records) => Promise.all(records.map((r) => client.set(r.key, r.data, {expires: 0}))),
    close: (client) => client.close(),
  },
}
