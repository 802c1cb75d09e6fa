// The catch-all AWS endpoint of every test (TEST_AWS_ENV's AWS_ENDPOINT_URL, started by
// test/setup.mjs on a free loopback port): a call that no test pointed at an emulator or moto lands
// here and gets a clear refusal in its protocol's error shape (JSON, query XML, REST XML, CBOR),
// error code `TestEndpointNotConfigured`, naming the service and the operation. Never retried by
// the SDK (a 400 with a non-retryable code). Each call is remembered (`hits`), so a test run can list
// the calls that had no emulator (FANOUT_TEST_STANDIN_REPORT=1, see test/setup.mjs).
import {createServer} from 'node:http'

export const REFUSAL_CODE = 'TestEndpointNotConfigured'

/** The SigV4 credential scope's service (`Credential=AKID/DATE/REGION/SERVICE/aws4_request`). */
function serviceOf(request) {
  const match = /Credential=[^/]+\/[^/]+\/[^/]+\/([^/]+)\//.exec(request.headers.authorization ?? '')
  return match?.[1] ?? 'unknown-service'
}

function operationOf(request, body) {
  const target = request.headers['x-amz-target']
  if (typeof target === 'string') return target.split('.').pop()
  const form = /(?:^|&)Action=([^&]+)/.exec(body)
  if (form) return decodeURIComponent(form[1])
  const cbor = /\/operation\/([^/?]+)/.exec(request.url ?? '')
  if (cbor) return cbor[1]
  return `${request.method} ${(request.url ?? '/').split('?')[0]}`
}

/** A minimal CBOR map of text strings (rpc-v2-cbor services, e.g. CloudWatch). */
function cborMap(entries) {
  const head = (major, length) => {
    if (length < 24) return Buffer.from([(major << 5) | length])
    if (length < 256) return Buffer.from([(major << 5) | 24, length])
    const b = Buffer.alloc(3)
    b[0] = (major << 5) | 25
    b.writeUInt16BE(length, 1)
    return b
  }
  const text = (value) => {
    const bytes = Buffer.from(value, 'utf8')
    return Buffer.concat([head(3, bytes.length), bytes])
  }
  const pairs = Object.entries(entries).flatMap(([key, value]) => [text(key), text(value)])
  return Buffer.concat([head(5, Object.keys(entries).length), ...pairs])
}

const xml = (value) => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

export function refusalResponse(request, body) {
  const service = serviceOf(request)
  const operation = operationOf(request, body)
  const message =
    `kinesis-fanout tests: ${service} ${operation} reached the catch-all test endpoint (AWS_ENDPOINT_URL): ` +
    `no emulator or moto is configured for ${service} in this test`
  const headers = {'x-amzn-errortype': REFUSAL_CODE, 'x-amzn-requestid': 'test-standin'}
  const contentType = String(request.headers['content-type'] ?? '')
  if (request.headers['smithy-protocol'] === 'rpc-v2-cbor') {
    return {body: cborMap({__type: REFUSAL_CODE, message}), headers: {...headers, 'content-type': 'application/cbor', 'smithy-protocol': 'rpc-v2-cbor'}, message, operation, service}
  }
  if (request.headers['x-amz-target'] || contentType.includes('json')) {
    return {body: JSON.stringify({__type: REFUSAL_CODE, message}), headers: {...headers, 'content-type': 'application/x-amz-json-1.1'}, message, operation, service}
  }
  if (/(?:^|&)Action=/.test(body)) {
    const text = `<ErrorResponse><Error><Type>Sender</Type><Code>${REFUSAL_CODE}</Code><Message>${xml(message)}</Message></Error><RequestId>test-standin</RequestId></ErrorResponse>`
    return {body: text, headers: {...headers, 'content-type': 'text/xml'}, message, operation, service}
  }
  if (service === 's3') {
    const text = `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${REFUSAL_CODE}</Code><Message>${xml(message)}</Message><RequestId>test-standin</RequestId></Error>`
    return {body: text, headers: {...headers, 'content-type': 'application/xml'}, message, operation, service}
  }
  // REST-JSON (Lambda, IoT, OpenSearch control plane): the code is in x-amzn-ErrorType.
  return {body: JSON.stringify({message, Message: message}), headers: {...headers, 'content-type': 'application/json'}, message, operation, service}
}

/** Starts the stand-in on a free loopback port; it never keeps the process alive. */
export async function startRefusalStandin() {
  const hits = []
  const server = createServer((request, response) => {
    const chunks = []
    request.on('data', (chunk) => chunks.push(chunk))
    request.on('end', () => {
      const answer = refusalResponse(request, Buffer.concat(chunks).toString('utf8'))
      hits.push({operation: answer.operation, service: answer.service})
      response.writeHead(400, answer.headers)
      response.end(answer.body)
    })
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  server.unref()
  return {
    close: () => new Promise((resolve) => server.close(() => resolve())),
    endpoint: `http://127.0.0.1:${server.address().port}`,
    hits,
  }
}
