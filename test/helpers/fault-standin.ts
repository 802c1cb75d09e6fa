// A loopback fault stand-in for the HTTP target APIs of the runtime, one server speaking each
// protocol well enough for the SDK and the OpenSearch client: Kinesis PutRecords and Firehose
// PutRecordBatch (JSON 1.1), SQS SendMessageBatch (JSON 1.0, x-amz-target), SNS PublishBatch
// (query / XML), Lambda Invoke (REST, 202 for InvocationType Event), IoT Data Publish (REST) and
// OpenSearch _bulk (NDJSON). One protocol table says how to read a call's destination and entries,
// and what each answer looks like in that service's own shapes; the fault modes are shared.
//
// Each call is answered by the schedule (see FaultRule): healthy, refuse (no listener: connection
// refused), reset (the socket destroyed in the middle of the answer), hang (accepted, never
// answered), throttle (the service's throttling error), garbage (500 with bytes that are not the
// protocol), empty (200 `{}`), html (200 with an HTML page), short (200 acknowledging only the first
// half of the entries, nothing marked failed), blank (200 listing every entry and acknowledging
// none: no SequenceNumber / RecordId / status, or ids that were not sent) or deny (AccessDeniedException,
// AWS.SimpleQueueService.NonExistentQueue, NotFound, 403 ...: retrying never helps).
//
// Every record the stand-in ACKNOWLEDGED is tallied per target by its identity: the `"seq":N`
// numbers in the bytes it received (record data written by faultRecord()). A test counts records
// lost (never acknowledged) and duplicated (acknowledged more than once) across invocations.
import {createHash} from 'node:crypto'
import {createServer, type IncomingMessage, type Server, type ServerResponse} from 'node:http'
import type {AddressInfo, Socket} from 'node:net'

export type FaultMode = 'healthy' | 'refuse' | 'reset' | 'hang' | 'throttle' | 'garbage' | 'empty' | 'html' | 'short' | 'blank' | 'deny'

export type Protocol = 'kinesis' | 'firehose' | 'sqs' | 'sns' | 'lambda' | 'iot' | 'es'

export interface FaultRule {
  mode: Exclude<FaultMode, 'refuse'>
  /** Share of the matching calls (0..1) answered this way, seeded; default 1 (every call). */
  share?: number
  /** Only the first N matching calls (then the rule is used up: the next rule, else healthy). */
  calls?: number
  /** Only calls of this protocol. */
  protocol?: Protocol
  /** Only calls to this destination (stream, delivery stream, queue name, topic name, function, IoT topic, index). */
  destination?: string
}

/** Record data whose identity the stand-ins can read back: `{"seq":N,"pad":"x..."}`. */
export function faultRecord(seq: number, bytes = 120): string {
  const base = `{"seq":${seq},"pad":""}`
  return `{"seq":${seq},"pad":"${'x'.repeat(Math.max(0, bytes - base.length))}"}`
}

/** The record identities in some bytes (one entry may carry several records when collapsed). */
export function seqsOf(bytes: Buffer | string): number[] {
  return [...String(bytes).matchAll(/"seq":(\d+)/g)].map((m) => Number(m[1]))
}

/** Acknowledged record identities per target (`protocol:destination`), with how often each was acknowledged. */
export class AckTally {
  readonly acked = new Map<string, Map<number, number>>()
  add(target: string, seqs: number[]): void {
    let counts = this.acked.get(target)
    if (!counts) this.acked.set(target, (counts = new Map()))
    for (const seq of seqs) counts.set(seq, (counts.get(seq) ?? 0) + 1)
  }
  /** Records of `expected` never acknowledged, and acknowledgements beyond the first. */
  count(target: string, expected: number[]): {lost: number; duplicated: number; missing: number[]} {
    const counts = this.acked.get(target) ?? new Map<number, number>()
    const missing = expected.filter((seq) => !counts.has(seq))
    let duplicated = 0
    for (const seq of expected) duplicated += Math.max(0, (counts.get(seq) ?? 0) - 1)
    return {duplicated, lost: missing.length, missing}
  }
}

/** mulberry32: the same schedule on every run. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = Math.imul(state ^ (state >>> 15), 1 | state)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 0x1_0000_0000
  }
}

/** Picks the mode of each call from the rules in order; healthy when none matches. */
export class FaultSchedule {
  private rules: Array<FaultRule & {used: number}> = []
  constructor(private readonly random: () => number) {}
  set(rules: FaultRule[]): void {
    this.rules = rules.map((rule) => ({...rule, used: 0}))
  }
  pick(protocol?: Protocol, destination?: string): Exclude<FaultMode, 'refuse'> {
    for (const rule of this.rules) {
      if (rule.protocol && rule.protocol !== protocol) continue
      if (rule.destination !== undefined && rule.destination !== destination) continue
      if (rule.calls !== undefined && rule.used >= rule.calls) continue
      rule.used++
      if (this.random() < (rule.share ?? 1)) return rule.mode
    }
    return 'healthy'
  }
}

interface Answer {
  status: number
  headers?: Record<string, string>
  body: string
}

interface Call {
  destination: string
  /** The bytes of each entry as the target received them (record data, message body, payload, document). */
  entries: Buffer[]
  /** Entry ids the answer names (SQS, SNS, OpenSearch _id); empty where answers are positional. */
  ids: string[]
}

interface ProtocolSpec {
  /** Whether the request is this protocol's call. */
  is(request: IncomingMessage, path: string): boolean
  read(body: Buffer, request: IncomingMessage, path: string): Call
  /** The success answer acknowledging entries [0, count) (count < entries: a shorter list). */
  ok(call: Call, count: number): Answer
  /** A 200 of the success shape listing every entry without acknowledging any (batch APIs only). */
  blank?(call: Call): Answer
  throttle: Answer
  deny: Answer
  contentType: string
}

const json11 = 'application/x-amz-json-1.1'
const json10 = 'application/x-amz-json-1.0'
const xml = 'text/xml'
const target = (request: IncomingMessage) => String(request.headers['x-amz-target'] ?? '')
const jsonError = (status: number, type: string, message: string, headers: Record<string, string> = {}): Answer => ({
  body: JSON.stringify({__type: type, message}),
  headers,
  status,
})
const restError = (status: number, type: string, message: string): Answer => ({
  body: JSON.stringify({Type: 'User', message}),
  headers: {'x-amzn-errortype': type},
  status,
})
const snsError = (status: number, code: string, message: string): Answer => ({
  body: `<ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>standin</RequestId></ErrorResponse>`,
  status,
})
const b64 = (text: string) => Buffer.from(text, 'base64')
const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

/** The one protocol table. */
const PROTOCOLS: Record<Protocol, ProtocolSpec> = {
  kinesis: {
    contentType: json11,
    deny: jsonError(400, 'AccessDeniedException', 'User: arn:aws:sts::123456789012:assumed-role/fanout is not authorized to perform: kinesis:PutRecords'),
    is: (request) => target(request) === 'Kinesis_20131202.PutRecords',
    ok: (call, count) => ({
      body: JSON.stringify({
        FailedRecordCount: 0,
        Records: call.entries.slice(0, count).map((_, n) => ({SequenceNumber: `4959${String(Date.now())}${String(n).padStart(6, '0')}`, ShardId: 'shardId-000000000000'})),
      }),
      status: 200,
    }),
    blank: (call) => ({body: JSON.stringify({FailedRecordCount: 0, Records: call.entries.map(() => ({}))}), status: 200}),
    read(body) {
      const input = JSON.parse(body.toString()) as {StreamName?: string; StreamARN?: string; Records: Array<{Data: string}>}
      return {destination: input.StreamName ?? String(input.StreamARN).split('/').pop()!, entries: input.Records.map((r) => b64(r.Data)), ids: []}
    },
    throttle: jsonError(400, 'ProvisionedThroughputExceededException', 'Rate exceeded for stream'),
  },
  firehose: {
    contentType: json11,
    deny: jsonError(400, 'AccessDeniedException', 'User is not authorized to perform: firehose:PutRecordBatch'),
    is: (request) => target(request) === 'Firehose_20150804.PutRecordBatch',
    ok: (call, count) => ({
      body: JSON.stringify({Encrypted: false, FailedPutCount: 0, RequestResponses: call.entries.slice(0, count).map((_, n) => ({RecordId: `rec-${Date.now()}-${n}`}))}),
      status: 200,
    }),
    blank: (call) => ({body: JSON.stringify({Encrypted: false, FailedPutCount: 0, RequestResponses: call.entries.map(() => ({}))}), status: 200}),
    read(body) {
      const input = JSON.parse(body.toString()) as {DeliveryStreamName: string; Records: Array<{Data: string}>}
      return {destination: input.DeliveryStreamName, entries: input.Records.map((r) => b64(r.Data)), ids: []}
    },
    throttle: jsonError(503, 'ServiceUnavailableException', 'Slow down.'),
  },
  sqs: {
    contentType: json10,
    deny: jsonError(400, 'com.amazonaws.sqs#QueueDoesNotExist', 'The specified queue does not exist.', {'x-amzn-query-error': 'AWS.SimpleQueueService.NonExistentQueue;Sender'}),
    is: (request) => target(request) === 'AmazonSQS.SendMessageBatch',
    ok: (call, count) => ({
      body: JSON.stringify({
        Failed: [],
        Successful: call.entries.slice(0, count).map((_, n) => ({Id: call.ids[n], MD5OfMessageBody: createHash('md5').update(call.entries[n]).digest('hex'), MessageId: `m-${Date.now()}-${n}`})),
      }),
      status: 200,
    }),
    blank: (call) => ({
      body: JSON.stringify({
        Failed: [],
        Successful: call.entries.map((entry, n) => ({Id: `${call.ids[n]}-not-sent`, MD5OfMessageBody: createHash('md5').update(entry).digest('hex'), MessageId: `m-${n}`})),
      }),
      status: 200,
    }),
    read(body) {
      const input = JSON.parse(body.toString()) as {QueueUrl: string; Entries: Array<{Id: string; MessageBody: string}>}
      const call: Call = {
        destination: new URL(input.QueueUrl).pathname.split('/').pop()!,
        entries: input.Entries.map((e) => Buffer.from(e.MessageBody)),
        ids: input.Entries.map((e) => e.Id),
      }
      return call
    },
    throttle: jsonError(400, 'com.amazonaws.sqs#RequestThrottled', 'Request is throttled.', {'x-amzn-query-error': 'RequestThrottled;Sender'}),
  },
  sns: {
    contentType: xml,
    deny: snsError(404, 'NotFound', 'Topic does not exist'),
    is: (request, path) => request.method === 'POST' && path === '/' && !target(request) && String(request.headers['content-type']).includes('x-www-form-urlencoded'),
    ok: (call, count) => ({
      body:
        '<PublishBatchResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishBatchResult><Successful>' +
        call.entries
          .slice(0, count)
          .map((_, n) => `<member><Id>${escapeXml(call.ids[n])}</Id><MessageId>m-${Date.now()}-${n}</MessageId></member>`)
          .join('') +
        '</Successful><Failed/></PublishBatchResult><ResponseMetadata><RequestId>standin</RequestId></ResponseMetadata></PublishBatchResponse>',
      status: 200,
    }),
    blank: (call) => ({
      body:
        '<PublishBatchResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishBatchResult><Successful>' +
        call.ids.map((id, n) => `<member><Id>${escapeXml(id)}-not-sent</Id><MessageId>m-${n}</MessageId></member>`).join('') +
        '</Successful><Failed/></PublishBatchResult><ResponseMetadata><RequestId>standin</RequestId></ResponseMetadata></PublishBatchResponse>',
      status: 200,
    }),
    read(body) {
      const form = new URLSearchParams(body.toString())
      if (form.get('Action') !== 'PublishBatch') throw new Error(`stand-in does not speak SNS ${form.get('Action')}`)
      const ids: string[] = []
      const entries: Buffer[] = []
      for (let n = 1; form.has(`PublishBatchRequestEntries.member.${n}.Id`); n++) {
        ids.push(form.get(`PublishBatchRequestEntries.member.${n}.Id`)!)
        entries.push(Buffer.from(form.get(`PublishBatchRequestEntries.member.${n}.Message`) ?? ''))
      }
      const call: Call = {destination: String(form.get('TopicArn')).split(':').pop()!, entries, ids}
      return call
    },
    throttle: snsError(429, 'Throttled', 'Rate exceeded'),
  },
  lambda: {
    contentType: 'application/json',
    deny: restError(403, 'AccessDeniedException', 'User is not authorized to perform: lambda:InvokeFunction'),
    is: (request, path) => request.method === 'POST' && /^\/2015-03-31\/functions\/[^/]+\/invocations$/.test(path),
    // One payload per call: the acknowledgement of an asynchronous Invoke is its 202.
    ok: () => ({body: '', status: 202}),
    read(body, _request, path) {
      const name = decodeURIComponent(path.split('/')[3])
      // The payload is {"Records":[...]} in the source event's shape: the record bytes are base64.
      const records = (JSON.parse(body.toString()) as {Records: Array<{kinesis?: {data: string}}>}).Records
      return {destination: name, entries: [Buffer.concat(records.map((r) => b64(r.kinesis?.data ?? '')))], ids: []}
    },
    throttle: {...restError(429, 'TooManyRequestsException', 'Rate Exceeded.'), body: JSON.stringify({Reason: 'ReservedFunctionConcurrentInvocationLimitExceeded', Type: 'User', message: 'Rate Exceeded.'})},
  },
  iot: {
    contentType: 'application/json',
    deny: restError(403, 'ForbiddenException', 'Forbidden'),
    is: (request, path) => request.method === 'POST' && path.startsWith('/topics/'),
    // Publish answers 200 with an empty JSON object: an empty or foreign 200 cannot be told from success.
    ok: () => ({body: '{}', status: 200}),
    read: (body, _request, path) => ({destination: decodeURIComponent(path.slice('/topics/'.length)), entries: [body], ids: []}),
    throttle: restError(429, 'ThrottlingException', 'Rate exceeded'),
  },
  es: {
    contentType: 'application/json',
    deny: {body: JSON.stringify({error: {reason: 'no permissions for [indices:data/write/bulk]', type: 'security_exception'}, status: 403}), status: 403},
    is: (request, path) => request.method === 'POST' && /(^|\/)_bulk$/.test(path),
    ok: (call, count) => ({
      body: JSON.stringify({
        errors: false,
        items: call.entries.slice(0, count).map((_, n) => ({index: {_id: call.ids[n], _index: call.destination, result: 'created', status: 201}})),
        took: 1,
      }),
      status: 200,
    }),
    blank: (call) => ({body: JSON.stringify({errors: false, items: call.ids.map((id) => ({index: {_id: id, _index: call.destination}})), took: 1}), status: 200}),
    read(body, _request, path) {
      const lines = body.toString().split('\n').filter(Boolean)
      const ids: string[] = []
      const entries: Buffer[] = []
      let index = path.split('/').filter(Boolean)[0]
      for (let i = 0; i + 1 < lines.length; i += 2) {
        const action = (JSON.parse(lines[i]) as {index?: {_id?: string; _index?: string}}).index ?? {}
        if (action._index) index = action._index
        ids.push(String(action._id ?? i / 2))
        entries.push(Buffer.from(lines[i + 1]))
      }
      const call: Call = {destination: index === '_bulk' ? '' : index, entries, ids}
      return call
    },
    throttle: {body: JSON.stringify({error: {reason: 'rejected execution of coordinating operation', type: 'es_rejected_execution_exception'}, status: 429}), status: 429},
  },
}

const HTML = '<!DOCTYPE html>\n<html><head><title>Welcome to nginx!</title></head><body><h1>Welcome to nginx!</h1></body></html>\n'
const GARBAGE = '\u0000\u00ff<<garbage>> upstream crashed \u0001\u0002 {"Records": [tr'

export interface FaultStandIn {
  endpoint: string
  port: number
  /** Acknowledged records per target `protocol:destination`. */
  tally: AckTally
  /** Calls received per target `protocol:destination` (whatever the answer). */
  calls: Map<string, number>
  /** Answers given per mode. */
  answers: Map<FaultMode, number>
  /** Every call: when it arrived (epoch ms), to which target, and how it was answered. */
  history: Array<{at: number; target: string; mode: FaultMode}>
  /** The rules answering the next calls (replaces the previous ones). */
  schedule(rules: FaultRule[]): void
  /** Stops listening: every new connection is refused until heal(); open connections are closed. */
  refuse(): Promise<void>
  /** Healthy again: listening (after refuse) and no fault rules. */
  heal(): Promise<void>
  callsTo(protocol: Protocol, destination: string): number
  close(): Promise<void>
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of request) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

export async function startFaultStandIn(options: {seed?: number} = {}): Promise<FaultStandIn> {
  const schedule = new FaultSchedule(seeded(options.seed ?? 9))
  const tally = new AckTally()
  const calls = new Map<string, number>()
  const answers = new Map<FaultMode, number>()
  const history: FaultStandIn['history'] = []
  const sockets = new Set<Socket>()
  const hung = new Set<ServerResponse>()
  const answered = (mode: FaultMode) => answers.set(mode, (answers.get(mode) ?? 0) + 1)

  const send = (response: ServerResponse, answer: Answer, contentType: string) => {
    response.writeHead(answer.status, {
      'content-length': Buffer.byteLength(answer.body),
      'content-type': contentType,
      'x-amzn-requestid': 'standin',
      ...answer.headers,
    })
    response.end(answer.body)
  }

  const server: Server = createServer(async (request, response) => {
    const body = await readBody(request)
    const path = new URL(request.url ?? '/', 'http://standin').pathname
    const protocol = (Object.keys(PROTOCOLS) as Protocol[]).find((name) => PROTOCOLS[name].is(request, path))
    if (!protocol) {
      response.writeHead(400, {'content-type': 'application/json'})
      response.end(JSON.stringify({__type: 'UnknownOperationException', message: `fault stand-in does not speak ${target(request) || `${request.method} ${path}`}`}))
      return
    }
    const spec = PROTOCOLS[protocol]
    let call: Call
    try {
      call = spec.read(body, request, path)
    } catch (error) {
      send(response, jsonError(400, 'SerializationException', `stand-in cannot read the request: ${(error as Error).message}`), spec.contentType)
      return
    }
    const label = `${protocol}:${call.destination}`
    calls.set(label, (calls.get(label) ?? 0) + 1)
    const mode = schedule.pick(protocol, call.destination)
    answered(mode)
    history.push({at: Date.now(), mode, target: label})
    switch (mode) {
      case 'hang':
        hung.add(response)
        response.on('close', () => hung.delete(response))
        return
      case 'reset': {
        // The start of a success answer, then the connection is gone.
        const socket = request.socket
        socket.write(`HTTP/1.1 200 OK\r\ncontent-type: ${spec.contentType}\r\ncontent-length: 4096\r\n\r\n{"Records":[{"Seq`)
        setImmediate(() => socket.destroy())
        return
      }
      case 'throttle':
        return send(response, spec.throttle, spec.contentType)
      case 'deny':
        return send(response, spec.deny, spec.contentType)
      case 'garbage':
        return send(response, {body: GARBAGE, status: 500}, spec.contentType)
      case 'empty':
        return send(response, {body: '{}', status: 200}, spec.contentType)
      case 'html':
        return send(response, {body: HTML, status: 200}, 'text/html; charset=utf-8')
      case 'blank':
        if (spec.blank) return send(response, spec.blank(call), spec.contentType)
        return send(response, {body: '{}', status: 200}, spec.contentType)
      case 'short':
      case 'healthy': {
        const count = mode === 'short' ? Math.floor(call.entries.length / 2) : call.entries.length
        tally.add(label, call.entries.slice(0, count).flatMap((entry) => seqsOf(entry)))
        return send(response, spec.ok(call, count), spec.contentType)
      }
    }
  })
  server.keepAliveTimeout = 30_000
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const {port} = server.address() as AddressInfo
  let listening = true

  const dropConnections = () => {
    for (const response of hung) response.destroy()
    for (const socket of sockets) socket.destroy()
  }
  const stopListening = () =>
    new Promise<void>((resolve) => {
      if (!listening) return resolve()
      listening = false
      server.close(() => resolve())
      dropConnections()
    })

  return {
    answers,
    calls,
    callsTo: (protocol, destination) => calls.get(`${protocol}:${destination}`) ?? 0,
    close: stopListening,
    endpoint: `http://127.0.0.1:${port}`,
    history,
    async heal() {
      schedule.set([])
      if (listening) return
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject)
        server.listen(port, '127.0.0.1', () => {
          server.off('error', reject)
          resolve()
        })
      })
      listening = true
    },
    port,
    refuse: stopListening,
    schedule: (rules) => schedule.set(rules),
    tally,
  }
}
