// A local endpoint for the benchmark, run in its own process so that its CPU is not counted: it
// answers every call successfully. DynamoDB Query returns the mapping rows set with POST /mappings
// (JSON: sourceArn -> rows); Kinesis PutRecords and SQS SendMessageBatch accept
// every entry. POST /mappings sets the rows, GET /stats gives the calls per API, POST /reset zeroes
// them. Prints its port.
import {createHash} from 'node:crypto'
import {createServer} from 'node:http'

let mappings = {}
const calls = {}
const count = (api) => (calls[api] = (calls[api] ?? 0) + 1)

const reply = (response, type, value) => {
  const text = JSON.stringify(value)
  response.writeHead(200, {'content-length': Buffer.byteLength(text), 'content-type': type})
  response.end(text)
}

const marshall = (row) =>
  Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'boolean' ? {BOOL: v} : {S: String(v)}]))

const server = createServer((request, response) => {
  const chunks = []
  request.on('data', (c) => chunks.push(c))
  request.on('end', () => {
    const body = Buffer.concat(chunks)
    const target = String(request.headers['x-amz-target'] ?? '')
    if (request.url === '/stats') return reply(response, 'application/json', calls)
    if (request.url === '/mappings') {
      mappings = JSON.parse(body)
      return reply(response, 'application/json', {})
    }
    if (request.url === '/reset') {
      for (const key of Object.keys(calls)) delete calls[key]
      return reply(response, 'application/json', {})
    }
    if (target === 'DynamoDB_20120810.Query') {
      count('Query')
      const input = JSON.parse(body)
      const rows = mappings[input.ExpressionAttributeValues[':source'].S] ?? []
      return reply(response, 'application/x-amz-json-1.0', {Count: rows.length, Items: rows.map(marshall), ScannedCount: rows.length})
    }
    if (target === 'Kinesis_20131202.PutRecords') {
      count('PutRecords')
      const input = JSON.parse(body)
      const Records = input.Records.map((_, n) => ({SequenceNumber: String(n), ShardId: 'shardId-000000000000'}))
      return reply(response, 'application/x-amz-json-1.1', {FailedRecordCount: 0, Records})
    }
    if (target === 'AmazonSQS.SendMessageBatch') {
      count('SendMessageBatch')
      const input = JSON.parse(body)
      const Successful = input.Entries.map((e) => ({Id: e.Id, MD5OfMessageBody: createHash('md5').update(e.MessageBody).digest('hex'), MessageId: e.Id}))
      return reply(response, 'application/x-amz-json-1.0', {Failed: [], Successful})
    }
    response.writeHead(400, {'content-type': 'application/json'})
    response.end(JSON.stringify({__type: 'UnknownOperationException'}))
  })
})
server.keepAliveTimeout = 60_000
server.listen(0, '127.0.0.1', () => process.stdout.write(`${server.address().port}\n`))
