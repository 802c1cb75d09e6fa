// A local HTTP stand-in for three AWS APIs, recording what they receive: Kinesis PutRecords
// (JSON 1.1), SQS SendMessageBatch (JSON 1.0) and Lambda Invoke (REST). It can reject a share of
// each batch's entries and throttle some calls, deterministically (seeded), to test at-least-once
// delivery. moto cannot show an asynchronous Invoke's payload without Docker, so Lambda payloads are
// checked here.
import {createHash} from 'node:crypto'
import {createServer, type IncomingMessage, type Server, type ServerResponse} from 'node:http'
import type {AddressInfo} from 'node:net'

export interface FaultOptions {
  /** Share (0..1) of each batch's entries answered as failed (retryable). */
  rejectShare?: number
  /** rejectShare for one Kinesis stream name or SQS queue path (/ACCOUNT/NAME), instead of the default. */
  rejectShareFor?: Record<string, number>
  /** Every n-th call (1-based, per API) is throttled as a whole. */
  throttleEvery?: number
  /** Calls (1-based, per API) in this range are all throttled: an outage longer than one invocation's retries. */
  outage?: {from: number; to: number}
  /** Never answer (a destination that hangs): the function must give up before its timeout. */
  hang?: boolean
  seed?: number
}

export interface StandIn {
  endpoint: string
  /** Kinesis records received per stream name: data and partition key. */
  kinesis: Map<string, Array<{data: Buffer; partitionKey: string}>>
  /** SQS message bodies received per queue URL path (/ACCOUNT/NAME). */
  sqs: Map<string, string[]>
  /** Lambda Invoke payloads per function name, with the invocation type. */
  lambda: Map<string, Array<{payload: Buffer; invocationType: string}>>
  calls: {kinesis: number; sqs: number; lambda: number; throttled: number}
  faults: FaultOptions
  close(): Promise<void>
}

function seeded(seed: number): () => number {
  let state = seed >>> 0 || 1
  return () => {
    // xorshift32
    state ^= state << 13
    state ^= state >>> 17
    state ^= state << 5
    return (state >>> 0) / 0x1_0000_0000
  }
}

async function body(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of request) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

const push = <V>(map: Map<string, V[]>, key: string, value: V) => {
  const list = map.get(key)
  if (list) list.push(value)
  else map.set(key, [value])
}

export async function startStandIn(faults: FaultOptions = {}): Promise<StandIn> {
  const random = seeded(faults.seed ?? 42)
  const state: Omit<StandIn, 'endpoint' | 'close'> = {
    calls: {kinesis: 0, lambda: 0, sqs: 0, throttled: 0},
    faults,
    kinesis: new Map(),
    lambda: new Map(),
    sqs: new Map(),
  }
  const throttled = (call: number) => {
    const f = state.faults
    const hit = (f.throttleEvery !== undefined && call % f.throttleEvery === 0) || (f.outage !== undefined && call >= f.outage.from && call <= f.outage.to)
    if (hit) state.calls.throttled++
    return hit
  }
  const rejected = (name: string) => random() < (state.faults.rejectShareFor?.[name] ?? state.faults.rejectShare ?? 0)

  const json = (response: ServerResponse, status: number, value: unknown, contentType: string) => {
    const text = JSON.stringify(value)
    response.writeHead(status, {'content-length': Buffer.byteLength(text), 'content-type': contentType, 'x-amzn-requestid': 'standin'})
    response.end(text)
  }

  const server: Server = createServer(async (request, response) => {
    const raw = await body(request)
    if (state.faults.hang) return
    const target = String(request.headers['x-amz-target'] ?? '')
    if (target === 'Kinesis_20131202.PutRecords') {
      const call = ++state.calls.kinesis
      const type = 'application/x-amz-json-1.1'
      if (throttled(call)) return json(response, 400, {__type: 'ProvisionedThroughputExceededException', message: 'Rate exceeded'}, type)
      const input = JSON.parse(raw.toString()) as {StreamName?: string; StreamARN?: string; Records: Array<{Data: string; PartitionKey: string}>}
      const stream = input.StreamName ?? input.StreamARN!.split('/').pop()!
      let failed = 0
      const records = input.Records.map((record, n) => {
        if (rejected(stream)) {
          failed++
          return {ErrorCode: 'ProvisionedThroughputExceededException', ErrorMessage: 'Rate exceeded for shard'}
        }
        push(state.kinesis, stream, {data: Buffer.from(record.Data, 'base64'), partitionKey: record.PartitionKey})
        return {SequenceNumber: String(call * 1000 + n), ShardId: 'shardId-000000000000'}
      })
      return json(response, 200, {FailedRecordCount: failed, Records: records}, type)
    }
    if (target === 'AmazonSQS.SendMessageBatch') {
      const call = ++state.calls.sqs
      const type = 'application/x-amz-json-1.0'
      if (throttled(call)) return json(response, 400, {__type: 'com.amazonaws.sqs#RequestThrottled', message: 'Rate exceeded'}, type)
      const input = JSON.parse(raw.toString()) as {QueueUrl: string; Entries: Array<{Id: string; MessageBody: string}>}
      const queue = new URL(input.QueueUrl).pathname
      const Successful: unknown[] = []
      const Failed: unknown[] = []
      for (const entry of input.Entries) {
        if (rejected(queue)) {
          Failed.push({Code: 'InternalError', Id: entry.Id, Message: 'try again', SenderFault: false})
          continue
        }
        push(state.sqs, queue, entry.MessageBody)
        Successful.push({Id: entry.Id, MD5OfMessageBody: createHash('md5').update(entry.MessageBody).digest('hex'), MessageId: `${call}-${entry.Id}`})
      }
      return json(response, 200, {Failed, Successful}, type)
    }
    const invoke = /^\/2015-03-31\/functions\/([^/]+)\/invocations/.exec(request.url ?? '')
    if (invoke && request.method === 'POST') {
      const call = ++state.calls.lambda
      if (throttled(call)) {
        response.writeHead(429, {'content-type': 'application/json', 'x-amzn-errortype': 'TooManyRequestsException'})
        return response.end(JSON.stringify({Type: 'User', message: 'Rate exceeded'}))
      }
      const invocationType = String(request.headers['x-amz-invocation-type'] ?? 'RequestResponse')
      push(state.lambda, decodeURIComponent(invoke[1]), {invocationType, payload: raw})
      response.writeHead(invocationType === 'Event' ? 202 : 200, {'content-length': 0})
      return response.end()
    }
    json(response, 400, {__type: 'UnknownOperationException', message: `stand-in does not speak ${target || request.url}`}, 'application/json')
  })
  server.keepAliveTimeout = 30_000
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const {port} = server.address() as AddressInfo
  return {
    ...state,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
    endpoint: `http://127.0.0.1:${port}`,
  }
}
