// Cold start of the bare AWS SDK v3 making the same calls as the packaged function: a fresh process
// imports the DynamoDB, Kinesis and SQS clients, queries the mappings, decodes 10 records, sends
// them with PutRecords and SendMessageBatch. Prints the ms from process start to the end.
import {kinesisEvent, streamArn} from './common.mjs'

const [{DynamoDBClient, QueryCommand}, {KinesisClient, PutRecordsCommand}, {SQSClient, SendMessageBatchCommand}, {NodeHttpHandler}] = await Promise.all([
  import('@aws-sdk/client-dynamodb'),
  import('@aws-sdk/client-kinesis'),
  import('@aws-sdk/client-sqs'),
  import('@smithy/node-http-handler'),
])
// Kinesis speaks HTTP/2 by default; the HTTP/1.1 endpoint needs the HTTP/1.1 handler.
const requestHandler = new NodeHttpHandler()
const event = kinesisEvent(streamArn('cold'), 10, 1024)
const ddb = new DynamoDBClient({requestHandler})
await ddb.send(
  new QueryCommand({ExpressionAttributeValues: {':source': {S: streamArn('cold')}}, KeyConditionExpression: 'sourceArn = :source', TableName: process.env.FANOUT_TABLE}),
)
const records = event.Records.map((r) => ({data: Buffer.from(r.kinesis.data, 'base64'), key: r.kinesis.partitionKey}))
await Promise.all([
  new KinesisClient({requestHandler}).send(new PutRecordsCommand({Records: records.map((r) => ({Data: r.data, PartitionKey: r.key})), StreamName: 'bench-out'})),
  new SQSClient({requestHandler}).send(
    new SendMessageBatchCommand({Entries: records.map((r, n) => ({Id: String(n), MessageBody: r.data.toString('utf8')})), QueueUrl: process.env.BENCH_QUEUE}),
  ),
])
process.stderr.write(`${performance.now()}\n`)
process.exit(0)
