// A loopback stand-in for Kinesis PutRecords and Firehose PutRecordBatch that keeps every request
// as it arrived (headers and body bytes) and acknowledges every entry, unless the test scripts the
// answer. The pass-through tests compare what arrives with pass-through on and off.
import {createServer, type IncomingHttpHeaders} from 'node:http'
import type {AddressInfo} from 'node:net'

export const PUT_RECORDS = 'Kinesis_20131202.PutRecords'
export const PUT_RECORD_BATCH = 'Firehose_20150804.PutRecordBatch'

export interface SinkCall {
  target: string
  method: string
  url: string
  headers: IncomingHttpHeaders
  body: Buffer
}

export interface SinkRecord {
  /** The stream or delivery stream the call named (StreamName, the end of StreamARN, DeliveryStreamName). */
  destination: string
  /** Data as it arrived (base64 text) and decoded. */
  text: string
  data: Buffer
  partitionKey?: string
}

export interface ScriptedAnswer {
  status: number
  body: string
  type?: string
}

export interface Sink {
  endpoint: string
  calls: SinkCall[]
  /** The records of every call so far, in arrival order. */
  records(): SinkRecord[]
  /** Answers a call instead of acknowledging every entry (undefined: acknowledge). */
  answer?: (call: SinkCall, input: {Records: unknown[]}) => ScriptedAnswer | undefined
  close(): Promise<void>
}

type Input = {StreamName?: string; StreamARN?: string; DeliveryStreamName?: string; Records: Array<{Data: string; PartitionKey?: string}>}

function acknowledgeAll(target: string, input: Input): ScriptedAnswer {
  if (target === PUT_RECORDS) {
    return {body: JSON.stringify({FailedRecordCount: 0, Records: input.Records.map((_, n) => ({SequenceNumber: `4959${n}`, ShardId: 'shardId-000000000000'}))}), status: 200}
  }
  return {body: JSON.stringify({Encrypted: false, FailedPutCount: 0, RequestResponses: input.Records.map((_, n) => ({RecordId: `r${n}`}))}), status: 200}
}

export async function startSink(): Promise<Sink> {
  const calls: SinkCall[] = []
  const sink: Sink = {
    calls,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
    endpoint: '',
    records: () =>
      calls.flatMap((call) => {
        const input = JSON.parse(call.body.toString('utf8')) as Input
        const destination = input.DeliveryStreamName ?? input.StreamName ?? String(input.StreamARN).split('/').pop()!
        return input.Records.map((record) => ({data: Buffer.from(record.Data, 'base64'), destination, partitionKey: record.PartitionKey, text: record.Data}))
      }),
  }
  const server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const target = String(request.headers['x-amz-target'] ?? '')
      const call: SinkCall = {body: Buffer.concat(chunks), headers: request.headers, method: request.method ?? '', target, url: request.url ?? ''}
      let answer: ScriptedAnswer
      if (target !== PUT_RECORDS && target !== PUT_RECORD_BATCH) {
        answer = {body: JSON.stringify({__type: 'UnknownOperationException', message: `sink does not speak ${target}`}), status: 400}
      } else {
        calls.push(call)
        const input = JSON.parse(call.body.toString('utf8')) as Input
        answer = sink.answer?.(call, input) ?? acknowledgeAll(target, input)
      }
      response.writeHead(answer.status, {'content-length': Buffer.byteLength(answer.body), 'content-type': answer.type ?? 'application/x-amz-json-1.1', 'x-amzn-requestid': 'sink'})
      response.end(answer.body)
    })
  })
  server.keepAliveTimeout = 30_000
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  sink.endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return sink
}
