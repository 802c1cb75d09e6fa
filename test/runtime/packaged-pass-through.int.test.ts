// Pass-through against the normal path, byte for byte: the packaged handler (a child process, as
// Lambda runs it) delivers one event to kinesis and firehose mappings of every kind, once with
// pass-through on and once with FANOUT_PASSTHROUGH=off, to a loopback sink that keeps each request
// as it arrived. Every record must arrive with the same Data text and partition key both times,
// and be the bytes the event carried.
import assert from 'node:assert/strict'
import type {DynamoDBClient} from '@aws-sdk/client-dynamodb'
import {SERVICE_LIMITS} from '../../runtime/limits.js'
import {partitionKeyFor} from '../../runtime/targets/kinesis.js'
import {startDynalite, type Emulator} from '../helpers/emulators.js'
import {kinesisEvent, kinesisStreamArn, sequenceNumber, type KinesisInput} from '../helpers/events.js'
import {aggregate} from '../helpers/kpl.js'
import {invokePackaged, jsonLogs} from '../helpers/zip-handler.js'
import {startSink, type Sink} from './aws/record-sink.js'
import {createMappingTable, dynamo, putRow, suffix} from './fixtures.js'

type Result = {batchItemFailures: Array<{itemIdentifier: string}>}

const binary = Buffer.from(Array.from({length: 256}, (_, n) => 255 - n))

describe('packaged handler: pass-through on and off deliver the same bytes (kinesis, firehose)', function () {
  this.timeout(180_000)
  let dynalite: Emulator
  let ddb: DynamoDBClient
  let sink: Sink
  const table = `fanoutTargets-${suffix()}`
  let env: Record<string, string>

  before(async () => {
    ;[dynalite, sink] = await Promise.all([startDynalite(), startSink()])
    ddb = dynamo(dynalite.endpoint)
    await createMappingTable(ddb, table)
    env = {AWS_ENDPOINT_URL_DYNAMODB: dynalite.endpoint, AWS_ENDPOINT_URL_FIREHOSE: sink.endpoint, AWS_ENDPOINT_URL_KINESIS: sink.endpoint, FANOUT_TABLE: table}
  })
  after(async () => {
    ddb?.destroy()
    await Promise.all([dynalite?.close(), sink?.close()])
  })

  it('every record of every mapping arrives with the same Data and key both ways, as the event carried it', async () => {
    const source = kinesisStreamArn(`pass-${suffix()}`)
    const arn = 'arn:aws:kinesis:us-east-1:123456789012:stream/by-arn'
    const rows = [
      {destination: 'whole', id: 'whole', type: 'kinesis'},
      {deaggregate: true, destination: 'split', id: 'split', type: 'kinesis'},
      {destination: arn, id: 'by-arn', parallel: false, type: 'kinesis'},
      // A filter and a key template that read the data: the records are decoded, their base64 still sent.
      {destination: 'keyed', filter: '{"data":{"n":[{"exists":true}]}}', id: 'keyed', partitionKey: 'n-${data.n}', type: 'kinesis'},
      {destination: 'hose', id: 'hose', type: 'firehose'},
      {appendNewlines: true, deaggregate: true, destination: 'lines', id: 'lines', type: 'firehose'},
    ]
    for (const row of rows) await putRow(ddb, table, {active: true, sourceArn: source, ...row})

    const users = Array.from({length: 5}, (_, n) => ({data: n % 2 ? `user ${n}` : Buffer.from([n, 0xff, 0]), partitionKey: `user-${n}`}))
    const [aggregated] = await aggregate(users)
    const kinesisLimit = SERVICE_LIMITS.kinesis.maxEntryBytes
    const firehoseLimit = SERVICE_LIMITS.firehose.maxEntryBytes
    const inputs: KinesisInput[] = [
      ...[0, 1, 2, 3, 4, 5, 1000, 1001, 1002].map((size) => ({data: Buffer.alloc(size, 0x41 + (size % 26)), partitionKey: `size-${size}`})),
      {data: binary, partitionKey: 'binary é ✓ "quoted"'},
      {data: '{"n":1,"text":"é ✓ 🚀"}', partitionKey: 'json-1'},
      {data: '{"n":2}', partitionKey: ''},
      {data: Buffer.alloc(kinesisLimit - 'near'.length, 0x6e), partitionKey: 'near'},
      {data: Buffer.alloc(kinesisLimit, 0x6f), partitionKey: 'over'},
      {data: Buffer.alloc(firehoseLimit - 1, 0x66), partitionKey: 'hose-near'},
      {data: '', partitionKey: 'bad', rawData: 'not base64!!'},
      {data: '', partitionKey: 'url-safe', rawData: '-_8='},
      {data: aggregated.data, partitionKey: aggregated.partitionKey},
    ]
    const event = kinesisEvent(source, inputs)

    const deliver = async (mode: 'on' | 'off') => {
      sink.calls.length = 0
      const {results, logs} = await invokePackaged<Result>([event], {env: {...env, ...(mode === 'off' ? {FANOUT_PASSTHROUGH: 'off'} : {})}})
      assert.deepEqual(results, [{ok: true, value: {batchItemFailures: []}}], mode)
      const arrived = new Map<string, string[]>()
      for (const record of sink.records()) {
        const list = arrived.get(record.destination) ?? []
        list.push(`${record.partitionKey ?? '-'} ${record.text}`)
        arrived.set(record.destination, list)
      }
      for (const list of arrived.values()) list.sort()
      const skipped = jsonLogs(logs)
        .filter((l) => l.message === 'record skipped')
        .map((l) => `${String(l.mapping ?? '')} ${String(l.sequenceNumber)} ${String(l.reason)}`)
        .sort()
      return {arrived, skipped}
    }
    const on = await deliver('on')
    const off = await deliver('off')
    assert.deepEqual([...on.arrived.keys()].sort(), ['by-arn', 'hose', 'keyed', 'lines', 'split', 'whole'])
    for (const [destination, list] of off.arrived) assert.deepEqual(on.arrived.get(destination), list, destination)
    assert.deepEqual(on.skipped, off.skipped)

    // And both are the bytes the event carried (the URL-safe record as its bytes' own base64).
    const text = (input: KinesisInput) => input.rawData ?? (typeof input.data === 'string' ? Buffer.from(input.data) : input.data).toString('base64')
    const sent = (list: KinesisInput[], key: (input: KinesisInput) => string = (input) => input.partitionKey!) =>
      list.map((input) => `${key(input) || partitionKeyFor('')} ${input.rawData === '-_8=' ? '+/8=' : text(input)}`).sort()
    const valid = inputs.filter((input) => input.rawData !== 'not base64!!')
    const fitsKinesis = valid.filter((input) => input.partitionKey !== 'over')
    const userInputs = users.map((u) => ({data: u.data, partitionKey: u.partitionKey}))
    const aggregateInput = inputs.at(-1)!
    assert.deepEqual(on.arrived.get('whole'), sent(fitsKinesis))
    assert.deepEqual(on.arrived.get('by-arn'), sent(fitsKinesis))
    assert.deepEqual(on.arrived.get('split'), sent([...fitsKinesis.filter((i) => i !== aggregateInput), ...userInputs]))
    assert.deepEqual(on.arrived.get('keyed'), sent(valid.filter((i) => typeof i.data === 'string' && i.data.startsWith('{"n"')), (i) => `n-${JSON.parse(String(i.data)).n}`))
    const fitsFirehose = (extra: number) => valid.filter((input) => (typeof input.data === 'string' ? Buffer.byteLength(input.data) : input.data.length) + extra <= firehoseLimit)
    assert.deepEqual(on.arrived.get('hose'), sent(fitsFirehose(0), () => '-'))
    const withNewline = (input: KinesisInput) => `- ${Buffer.concat([Buffer.from(input.rawData === '-_8=' ? '+/8=' : text(input), 'base64'), Buffer.from('\n')]).toString('base64')}`
    assert.deepEqual(on.arrived.get('lines'), [...fitsFirehose(1).filter((i) => i !== aggregateInput), ...userInputs].map(withNewline).sort())
    // Refused both ways, with the same reasons: bad base64 (every mapping), over the Kinesis limit, over Firehose's.
    assert.ok(on.skipped.some((line) => line.includes(sequenceNumber(inputs.findIndex((i) => i.rawData === 'not base64!!') + 1)) && /base64/.test(line)))
    assert.ok(on.skipped.some((line) => line.startsWith('whole ') && line.includes(sequenceNumber(inputs.findIndex((i) => i.partitionKey === 'over') + 1))))
  })
})
