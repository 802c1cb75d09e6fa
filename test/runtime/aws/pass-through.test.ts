// Pass-through request bodies (runtime/aws/pass-through.ts): what the kinesis and firehose targets
// write from the records' base64 must parse to exactly what the SDK's own serializer writes for the
// same input, and the drivers must send it (signed, answered entry by entry) the same way with
// pass-through on and with FANOUT_PASSTHROUGH=off, against a loopback sink.
import assert from 'node:assert/strict'
import {FirehoseClient, PutRecordBatchCommand} from '@aws-sdk/client-firehose'
import {KinesisClient, PutRecordsCommand} from '@aws-sdk/client-kinesis'
import {recordsBody} from '../../../runtime/aws/pass-through.js'
import {resetTargetClients} from '../../../runtime/aws/target-clients.js'
import {readEvent} from '../../../runtime/input/event.js'
import {buildOutRecords} from '../../../runtime/input/out-records.js'
import {SERVICE_LIMITS} from '../../../runtime/limits.js'
import type {Mapping} from '../../../runtime/mapping/schema.js'
import type {OutRecord} from '../../../runtime/records.js'
import {createFirehoseDriver, putRecordBatchBody, shapeFirehose} from '../../../runtime/targets/firehose.js'
import {createKinesisDriver, putRecordsBody, shapeKinesis} from '../../../runtime/targets/kinesis.js'
import type {EntryOutcome, TargetDriver} from '../../../runtime/targets/target.js'
import {kinesisEvent, kinesisStreamArn} from '../../helpers/events.js'
import {sigV4Problem} from '../../helpers/sigv4-check.js'
import {TEST_AWS_ENV} from '../../helpers/emulators.js'
import {TEST_AWS_ENV_CREDENTIALS} from '../fixtures.js'
import {memoryLogger} from '../log.js'
import {outRecords} from '../records.js'
import {testMapping} from '../context.js'
import {PUT_RECORD_BATCH, PUT_RECORDS, startSink, type Sink} from './record-sink.js'

/** Partition keys that need JSON escaping, or that Kinesis would refuse (hashed). */
const ODD_KEYS = ['', 'plain', 'quote"d', 'back\\slash', 'tab\tnew\nline\r', 'ctrl\u0000\u0001\u001f\u007f', 'é ✓ 🚀', '\u2028\u2029', 'lone \ud800 surrogate', '</script>', 'x'.repeat(300)]

/** Bytes of every length mod 3, binary (every byte value), text. */
const DATAS = [Buffer.alloc(0), Buffer.from('a'), Buffer.from('ab'), Buffer.from('abc'), Buffer.from('abcd'), Buffer.from(Array.from({length: 256}, (_, n) => n)), Buffer.from('{"json":"é ✓ 🚀"}'), Buffer.from([0xf3, 0x89, 0x9a, 0xc2, 0, 1])]

/** Whole Kinesis records (carrying the event's base64), as the function builds them. */
async function kinesisRecords(datas: Buffer[] = DATAS, keys: string[] = ODD_KEYS): Promise<OutRecord[]> {
  const event = kinesisEvent(kinesisStreamArn('source'), datas.map((data, n) => ({data, partitionKey: keys[n % keys.length]})))
  const {records, skipped} = await buildOutRecords(readEvent(event).records, {convertDDB: false, deaggregate: false})
  assert.deepEqual(skipped, [])
  assert.ok(records.every((record) => typeof record.base64 === 'string'))
  return records
}

/** What the SDK's own serializer writes for a command, parsed (captured before it leaves the process). */
async function sdkBody(client: KinesisClient | FirehoseClient, command: PutRecordsCommand | PutRecordBatchCommand): Promise<unknown> {
  let body: Uint8Array | undefined
  client.config.requestHandler = {
    handle: async (request: {body: Uint8Array}) => {
      body = request.body
      throw new Error('captured')
    },
  } as never
  await (client.send as (c: unknown) => Promise<unknown>)(command).catch(() => undefined)
  return JSON.parse(Buffer.from(body!.buffer, body!.byteOffset, body!.byteLength).toString('utf8'))
}

const sdkOptions = {credentials: TEST_AWS_ENV_CREDENTIALS, maxAttempts: 1, region: 'us-east-1'}

/** Makes every read of `data` fail: proves a record went out without being decoded. */
function undecodable(records: OutRecord[]): OutRecord[] {
  for (const record of records) {
    Object.defineProperty(record, 'data', {
      get() {
        throw new Error('data was decoded')
      },
    })
  }
  return records
}

describe('pass-through request bodies', () => {
  describe('the body writer', () => {
    it('PutRecords: parses to the SDK serialization of the same records (every length mod 3, binary, odd partition keys), StreamName or StreamARN', async () => {
      const records = await kinesisRecords()
      const {entries, refused} = shapeKinesis([...records, ...outRecords(['no base64', Buffer.from([255, 0])], ['ddb|key', 'sns-id'])])
      assert.deepEqual(refused, [])
      const client = new KinesisClient(sdkOptions)
      for (const address of [{StreamName: 'out.stream_name-1'}, {StreamName: 'odd "name" \\ é'}, {StreamARN: 'arn:aws:kinesis:us-east-1:123456789012:stream/out'}]) {
        const expected = await sdkBody(client, new PutRecordsCommand({...address, Records: entries.map((e) => ({Data: e.record.data, PartitionKey: e.PartitionKey}))}))
        const written = JSON.parse(putRecordsBody(address, entries).toString('utf8'))
        assert.deepEqual(written, expected, JSON.stringify(address))
      }
    })

    it('PutRecordBatch: parses to the SDK serialization of the same records, with and without appendNewlines', async () => {
      const records = [...(await kinesisRecords()), ...outRecords(['no base64', 'x', 'xy', 'xyz'])]
      const client = new FirehoseClient(sdkOptions)
      for (const appendNewlines of [false, true]) {
        const {entries} = shapeFirehose(records, {appendNewlines})
        const Records = entries.map((e) => ({Data: appendNewlines ? Buffer.concat([e.record.data, Buffer.from('\n')]) : e.record.data}))
        for (const name of ['hose', 'odd "hose" \\ é']) {
          const expected = await sdkBody(client, new PutRecordBatchCommand({DeliveryStreamName: name, Records}))
          assert.deepEqual(JSON.parse(putRecordBatchBody(name, entries, {appendNewlines}).toString('utf8')), expected, `${name} ${appendNewlines}`)
        }
      }
    })

    it('writes base64 as it is and the other pieces as UTF-8 JSON; an empty list is head and tail', () => {
      const body = recordsBody('{"A":[', ['QQ==', 'YWJj'], (text) => text, (text) => `","K":${JSON.stringify(`é${text}`)}`, '],"Z":1}')
      assert.equal(body.toString('utf8'), '{"A":[{"Data":"QQ==","K":"éQQ=="},{"Data":"YWJj","K":"éYWJj"}],"Z":1}')
      assert.equal(recordsBody('{"A":[', [], String, String, ']}').toString(), '{"A":[]}')
    })

    it('sizes come from the base64 length: a record at the limit is sent, one byte more is refused, nothing decoded', async () => {
      const key = 'k'
      const limit = SERVICE_LIMITS.kinesis.maxEntryBytes - key.length
      const records = undecodable(await kinesisRecords([Buffer.alloc(limit, 1), Buffer.alloc(limit + 1, 2), Buffer.alloc(limit - 1, 3)], [key]))
      const {entries, refused} = shapeKinesis(records)
      assert.deepEqual(entries.map((e) => e.size), [limit + 1, limit])
      assert.equal(refused[0].record, records[1])
      assert.match(refused[0].reason, new RegExp(`record of ${limit + 2} bytes`))
      const hose = shapeFirehose(records, {appendNewlines: true})
      assert.deepEqual([hose.entries.length, hose.refused.length], [0, 3], 'over the 1,000 KiB of Firehose with the newline')
    })
  })

  describe('the drivers against a loopback sink, pass-through on and off', () => {
    let sink: Sink
    const saved = {...process.env}
    before(async () => {
      sink = await startSink()
      process.env.AWS_ENDPOINT_URL_KINESIS = sink.endpoint
      process.env.AWS_ENDPOINT_URL_FIREHOSE = sink.endpoint
      Object.assign(process.env, {AWS_ACCESS_KEY_ID: TEST_AWS_ENV.AWS_ACCESS_KEY_ID, AWS_REGION: 'us-east-1', AWS_SECRET_ACCESS_KEY: TEST_AWS_ENV.AWS_SECRET_ACCESS_KEY})
      resetTargetClients()
    })
    after(async () => {
      for (const name of ['AWS_ENDPOINT_URL_KINESIS', 'AWS_ENDPOINT_URL_FIREHOSE', 'FANOUT_PASSTHROUGH', 'AWS_REGION', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY']) {
        if (saved[name] === undefined) delete process.env[name]
        else process.env[name] = saved[name]
      }
      resetTargetClients()
      await sink.close()
    })
    afterEach(() => {
      sink.calls.length = 0
      sink.answer = undefined
    })

    /** One send of the records' entries in the given mode: the call that arrived and the outcomes (or the error). */
    async function sendIn(mode: 'on' | 'off', driver: TargetDriver, records: OutRecord[]) {
      if (mode === 'off') process.env.FANOUT_PASSTHROUGH = 'off'
      else delete process.env.FANOUT_PASSTHROUGH
      const before = sink.calls.length
      const {entries} = driver.shape(records, driver.limits())
      let outcomes: EntryOutcome[] | undefined
      let error: unknown
      try {
        outcomes = await driver.send(entries, new AbortController().signal, memoryLogger())
      } catch (thrown) {
        error = thrown
      }
      const calls = sink.calls.slice(before)
      return {call: calls[0], calls: calls.length, error, outcomes}
    }

    const drivers: Array<[string, (mapping: Mapping) => TargetDriver, Mapping]> = [
      ['kinesis by name', createKinesisDriver as (m: Mapping) => TargetDriver, testMapping('kinesis', 'out-stream')],
      ['kinesis by ARN', createKinesisDriver as (m: Mapping) => TargetDriver, testMapping('kinesis', 'arn:aws:kinesis:us-east-1:123456789012:stream/out-arn')],
      ['firehose', createFirehoseDriver as (m: Mapping) => TargetDriver, testMapping('firehose', 'hose')],
      ['firehose appendNewlines', createFirehoseDriver as (m: Mapping) => TargetDriver, testMapping('firehose', 'hose-nl', {appendNewlines: true})],
    ]

    for (const [label, factory, mapping] of drivers) {
      it(`${label}: the same signed request, body parsed, target header and answers, in both modes`, async () => {
        const driver = factory(mapping)
        const records = await kinesisRecords()
        const on = await sendIn('on', driver, records)
        const off = await sendIn('off', driver, records)
        for (const sent of [on, off]) {
          assert.equal(sent.error, undefined)
          assert.equal(sent.calls, 1)
          assert.equal(sent.call.target, mapping.type === 'kinesis' ? PUT_RECORDS : PUT_RECORD_BATCH)
          assert.equal(Number(sent.call.headers['content-length']), sent.call.body.length)
          assert.equal(sigV4Problem({...sent.call}, () => TEST_AWS_ENV_CREDENTIALS.secretAccessKey), undefined)
          assert.deepEqual(sent.outcomes, records.map(() => ({kind: 'acknowledged'})))
        }
        assert.equal(on.call.headers['content-type'], off.call.headers['content-type'])
        assert.deepEqual(JSON.parse(on.call.body.toString('utf8')), JSON.parse(off.call.body.toString('utf8')))
        const address = JSON.parse(on.call.body.toString('utf8'))
        if (label === 'kinesis by name') assert.deepEqual([address.StreamName, address.StreamARN], ['out-stream', undefined])
        if (label === 'kinesis by ARN') assert.deepEqual([address.StreamName, address.StreamARN], [undefined, mapping.destination])
        const newline = mapping.appendNewlines ? '\n' : ''
        assert.deepEqual(sink.records().slice(-records.length).map((r) => r.data.toString('hex')), DATAS.map((d) => Buffer.concat([d, Buffer.from(newline)]).toString('hex')))
      })
    }

    it('pass-through on sends whole Kinesis records without decoding them; off decodes them (the switch is read at every call)', async () => {
      for (const [, factory, mapping] of drivers) {
        const driver = factory(mapping)
        const on = await sendIn('on', driver, undecodable(await kinesisRecords()))
        assert.equal(on.error, undefined, mapping.destination)
        const off = await sendIn('off', driver, undecodable(await kinesisRecords()))
        assert.match(String(off.error), /data was decoded/)
      }
    })

    it('reads partial failures, short answers and KMS refusals entry by entry, as the SDK path does', async () => {
      const records = await kinesisRecords(DATAS.slice(0, 4), ['a', 'b', 'c', 'd'])
      const answers: Record<string, string> = {
        [PUT_RECORDS]: JSON.stringify({
          FailedRecordCount: 2,
          Records: [{SequenceNumber: '1', ShardId: 's'}, {ErrorCode: 'ProvisionedThroughputExceededException', ErrorMessage: 'slow down'}, {ErrorCode: 'KMSAccessDeniedException', ErrorMessage: 'no key'}],
        }),
        [PUT_RECORD_BATCH]: JSON.stringify({FailedPutCount: 1, RequestResponses: [{ErrorCode: 'ServiceUnavailableException'}, {RecordId: 'r1'}, {ErrorCode: 'KMS.AccessDeniedException', ErrorMessage: 'no key'}]}),
      }
      sink.answer = (call) => ({body: answers[call.target], status: 200})
      for (const [label, factory, mapping] of drivers) {
        const driver = factory(mapping)
        const on = await sendIn('on', driver, records)
        const off = await sendIn('off', driver, records)
        assert.deepEqual(on.outcomes, off.outcomes, label)
        assert.equal(on.outcomes?.filter((o) => o.kind === 'acknowledged').length, 1, label)
        assert.equal(on.outcomes?.[3].kind, 'retry', `${label}: an entry the answer does not mention is not acknowledged`)
      }
      sink.answer = () => ({body: '{}', status: 200})
      const empty = await sendIn('on', createKinesisDriver(drivers[0][2]), records)
      assert.deepEqual(empty.outcomes?.map((o) => o.kind), ['retry', 'retry', 'retry', 'retry'])
    })

    it('errors and answers that are not JSON reach the loop as the SDK reports them', async () => {
      const records = await kinesisRecords(DATAS.slice(0, 2), ['a', 'b'])
      const scripted = [
        {body: JSON.stringify({__type: 'ResourceNotFoundException', message: 'Stream out not found'}), status: 400},
        {body: '<html>not an answer</html>', status: 200, type: 'text/html'},
      ]
      for (const answer of scripted) {
        sink.answer = () => answer
        for (const [label, factory, mapping] of drivers) {
          const driver = factory(mapping)
          const on = await sendIn('on', driver, records)
          const off = await sendIn('off', driver, records)
          assert.ok(on.error && off.error, `${label}: ${answer.body}`)
          assert.equal((on.error as Error).name, (off.error as Error).name, label)
          assert.equal((on.error as {$metadata?: {httpStatusCode?: number}}).$metadata?.httpStatusCode, answer.status)
        }
      }
    })
  })
})
