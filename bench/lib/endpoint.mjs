// A local endpoint for the benchmark, run in its own process so that its CPU is not counted: it
// answers every call successfully, acknowledging every entry, in the protocol each SDK client
// speaks. DynamoDB Query returns the mapping rows set with POST /mappings (JSON: sourceArn -> rows);
// Kinesis PutRecords, Firehose PutRecordBatch, SQS SendMessageBatch (JSON), SNS PublishBatch
// (awsQuery: form body, XML answer), Lambda Invoke (202), IoT Data Publish (POST /topics/{topic})
// and OpenSearch `_bulk` (every item 201) are accepted. GET /stats gives the calls per API,
// POST /reset zeroes them. Prints its port; exits when its stdin (held by the bench) closes.
import {createHash} from 'node:crypto'
import {createServer} from 'node:http'

let mappings = {}
const calls = {}
const count = (api) => (calls[api] = (calls[api] ?? 0) + 1)

const reply = (response, type, value, status = 200) => {
  const text = typeof value === 'string' ? value : JSON.stringify(value)
  response.writeHead(status, {'content-length': Buffer.byteLength(text), 'content-type': type, 'x-amzn-requestid': 'bench'})
  response.end(text)
}

const marshall = (row) =>
  Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'boolean' ? {BOOL: v} : {S: String(v)}]))

const xmlEscape = (text) => text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`)

/** JSON-protocol operations by X-Amz-Target: the answer to the parsed request body. */
const JSON_OPERATIONS = {
  'DynamoDB_20120810.Query': ['Query', 'application/x-amz-json-1.0', (input) => {
    const rows = mappings[input.ExpressionAttributeValues[':source'].S] ?? []
    return {Count: rows.length, Items: rows.map(marshall), ScannedCount: rows.length}
  }],
  'Kinesis_20131202.PutRecords': ['PutRecords', 'application/x-amz-json-1.1', (input) => ({
    FailedRecordCount: 0,
    Records: input.Records.map((_, n) => ({SequenceNumber: String(n), ShardId: 'shardId-000000000000'})),
  })],
  'Firehose_20150804.PutRecordBatch': ['PutRecordBatch', 'application/x-amz-json-1.1', (input) => ({
    Encrypted: false,
    FailedPutCount: 0,
    RequestResponses: input.Records.map((_, n) => ({RecordId: `r${n}`})),
  })],
  'AmazonSQS.SendMessageBatch': ['SendMessageBatch', 'application/x-amz-json-1.0', (input) => ({
    Failed: [],
    Successful: input.Entries.map((e) => ({Id: e.Id, MD5OfMessageBody: createHash('md5').update(e.MessageBody).digest('hex'), MessageId: e.Id})),
  })],
}

/** SNS speaks awsQuery: a form body (PublishBatchRequestEntries.member.N.Id) and an XML answer. */
function publishBatch(body) {
  const form = new URLSearchParams(body.toString('utf8'))
  const members = []
  for (const [key, id] of form) if (/^PublishBatchRequestEntries\.member\.\d+\.Id$/.test(key)) members.push(`<member><Id>${xmlEscape(id)}</Id><MessageId>m-${xmlEscape(id)}</MessageId></member>`)
  return `<PublishBatchResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishBatchResult><Successful>${members.join('')}</Successful><Failed/></PublishBatchResult><ResponseMetadata><RequestId>bench</RequestId></ResponseMetadata></PublishBatchResponse>`
}

/** OpenSearch `_bulk`: one 201 item per action line (every other line of the NDJSON body). */
function bulk(body) {
  const lines = body.toString('utf8').split('\n')
  const items = []
  for (let n = 0; n + 1 < lines.length; n += 2) {
    const action = JSON.parse(lines[n])
    const op = Object.keys(action)[0]
    items.push({[op]: {_id: action[op]._id ?? `auto-${n}`, _index: 'bench', result: 'created', status: 201}})
  }
  return {errors: false, items, took: 1}
}

const server = createServer((request, response) => {
  const chunks = []
  request.on('data', (c) => chunks.push(c))
  request.on('end', () => {
    const body = Buffer.concat(chunks)
    const url = request.url ?? '/'
    const path = url.split('?')[0]
    if (path === '/stats') return reply(response, 'application/json', calls)
    if (path === '/mappings') {
      mappings = JSON.parse(body)
      return reply(response, 'application/json', {})
    }
    if (path === '/reset') {
      for (const key of Object.keys(calls)) delete calls[key]
      return reply(response, 'application/json', {})
    }
    const operation = JSON_OPERATIONS[String(request.headers['x-amz-target'] ?? '')]
    if (operation) {
      const [api, type, answer] = operation
      count(api)
      return reply(response, type, answer(JSON.parse(body)))
    }
    if (String(request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded') && body.includes('Action=PublishBatch')) {
      count('PublishBatch')
      return reply(response, 'text/xml', publishBatch(body))
    }
    if (request.method === 'POST' && /^\/2015-03-31\/functions\/[^/]+\/invocations$/.test(path)) {
      count('Invoke')
      response.writeHead(202, {'content-length': 0, 'x-amzn-requestid': 'bench'})
      return response.end()
    }
    if (request.method === 'POST' && path.startsWith('/topics/')) {
      count('Publish')
      return reply(response, 'application/json', {})
    }
    // The OpenSearch client's bulk() sends PUT, the transport as the es target calls it POST.
    if ((request.method === 'POST' || request.method === 'PUT') && path.endsWith('/_bulk')) {
      count('Bulk')
      return reply(response, 'application/json', bulk(body))
    }
    response.writeHead(400, {'content-type': 'application/json'})
    response.end(JSON.stringify({__type: 'UnknownOperationException', message: `${request.method} ${url}`}))
  })
})
server.keepAliveTimeout = 60_000
server.listen(0, '127.0.0.1', () => process.stdout.write(`${server.address().port}\n`))
// The bench holds our stdin: when it ends (the bench exited, even by a crash), so do we.
process.stdin.on('end', () => process.exit(0)).resume()
