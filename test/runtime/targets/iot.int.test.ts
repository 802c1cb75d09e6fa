import {targetOf} from '../context.js'
// iot target against a local IoT data-plane stand-in (Publish recorded and SigV4-verified):
// collapse modes, the 128 KB payload limit, throttling retried, strict order, refusals.
import {strict as assert} from 'node:assert'
import {createIotDriver, parseIotDestination} from '../../../runtime/targets/iot.js'
import {SERVICE_LIMITS} from '../../../runtime/limits.js'
import {useTestAwsEnv} from '../../helpers/emulators.js'
import {startIotDataStandin, type IotDataStandin} from '../../helpers/iot-data-standin.js'
import {deliveryContext, mapping, outRecords} from './fixtures.js'

const createIotTarget = targetOf(createIotDriver)

describe('iot target (IoT data stand-in)', function () {
  this.timeout(30_000)
  let standin: IotDataStandin

  before(async () => {
    useTestAwsEnv()
    standin = await startIotDataStandin()
  })
  beforeEach(() => {
    standin.publications.length = 0
    standin.status(() => undefined)
  })
  after(async () => standin?.close())

  const iot = (fields: Record<string, unknown> = {}) => mapping({destination: `${standin.endpoint}#fanout/out`, type: 'iot', ...fields})

  it('parses endpoint#topic: https by default, region from an AWS host name', () => {
    assert.deepEqual(parseIotDestination('abc123-ats.iot.eu-central-1.amazonaws.com#a/b'), {
      endpoint: 'https://abc123-ats.iot.eu-central-1.amazonaws.com',
      hostRegion: 'eu-central-1',
      topic: 'a/b',
    })
    assert.equal(parseIotDestination('abc-ats.iot.cn-north-1.amazonaws.com.cn#t').hostRegion, 'cn-north-1')
    assert.deepEqual(parseIotDestination('http://127.0.0.1:5000#t'), {endpoint: 'http://127.0.0.1:5000', topic: 't'})
  })

  it('collapse none: one signed Publish per record, text as is and binary as base64', async () => {
    const m = iot({collapse: 'none', region: 'ap-south-1'})
    const records = outRecords([
      {data: '{"a":1}', key: 'k1'},
      {data: 'plain', key: 'k2'},
      {data: Buffer.from([0xff, 0x01]), key: 'k3'},
    ])
    const report = await createIotTarget(m).deliver(records, deliveryContext(m))
    assert.deepEqual({delivered: report.delivered, calls: report.calls, failed: report.failed.length}, {calls: 3, delivered: 3, failed: 0})
    assert.deepEqual(standin.publications.map((p) => p.payload.toString()).sort(), ['/wE=', 'plain', '{"a":1}'])
    for (const p of standin.publications) {
      assert.equal(p.topic, 'fanout/out')
      assert.equal(p.signatureProblem, undefined)
      assert.deepEqual([p.credential?.region, p.credential?.service], ['ap-south-1', 'iotdata'])
    }
  })

  it('collapse JSON (also the default of a row without collapse), concat and concat-b64', async () => {
    const records = outRecords([
      {data: '{"a":1}', key: 'k1'},
      {data: 'text', key: 'k2'},
    ])
    for (const [fields, expected] of [
      [{}, '{"Records":[{"a":1},"text"]}'],
      [{collapse: 'JSON'}, '{"Records":[{"a":1},"text"]}'],
      [{collapse: 'concat'}, '{"a":1}text'],
      [{collapse: 'concat-b64'}, Buffer.from('{"a":1}text').toString('base64')],
    ] as const) {
      standin.publications.length = 0
      const m = iot(fields)
      const report = await createIotTarget(m).deliver(records, deliveryContext(m))
      assert.equal(report.delivered, 2)
      assert.deepEqual(standin.publications.map((p) => p.payload.toString()), [expected], JSON.stringify(fields))
    }
  })

  it('keeps payloads within 128 KB and skips a record that cannot fit', async () => {
    const m = iot({collapse: 'JSON'})
    const kib = '{"pad":"' + 'x'.repeat(1012) + '"}'
    const records = outRecords([
      ...Array.from({length: 300}, (_, n) => ({data: kib, key: `k${n}`})),
      {data: '"' + 'y'.repeat(SERVICE_LIMITS.iot.maxEntryBytes) + '"', key: 'huge'},
    ])
    const report = await createIotTarget(m).deliver(records, deliveryContext(m))
    assert.equal(report.delivered, 300)
    assert.deepEqual(report.skipped.map((s) => s.record.key), ['huge'])
    assert.equal(standin.publications.length, 3)
    assert.ok(standin.publications.every((p) => p.payload.length <= SERVICE_LIMITS.iot.maxEntryBytes))
    const total = standin.publications.reduce((n, p) => n + (JSON.parse(p.payload.toString()) as {Records: unknown[]}).Records.length, 0)
    assert.equal(total, 300)
  })

  it('retries throttled publishes and keeps strict order when parallel is false', async () => {
    const m = iot({collapse: 'none', parallel: false})
    standin.status((n) => (n === 2 || n === 3 ? 429 : undefined))
    const records = outRecords(['r0', 'r1', 'r2', 'r3'].map((data, n) => ({data, key: `k${n}`})))
    const report = await createIotTarget(m).deliver(records, deliveryContext(m))
    assert.equal(report.delivered, 4)
    assert.ok(report.retried >= 1)
    const accepted = standin.publications.filter((p) => p.status === 200).map((p) => p.payload.toString())
    assert.deepEqual(accepted, ['r0', 'r1', 'r2', 'r3'])
  })

  it('reports the records failed without retrying when IoT refuses (403), and skips what it calls too large (413)', async () => {
    const m = iot({collapse: 'none'})
    standin.status(() => 403)
    const context = deliveryContext(m)
    const report = await createIotTarget(m).deliver(outRecords([{data: 'a', key: 'k'}]), context)
    assert.deepEqual({delivered: report.delivered, failed: report.failed.length, calls: report.calls}, {calls: 1, delivered: 0, failed: 1})
    assert.ok(context.log.lines.some((l) => l.level === 'error' && /target refused/.test(l.message) && /403|Forbidden|AccessDenied/i.test(String(l.error))))

    standin.status(() => 413)
    const tooLarge = await createIotTarget(m).deliver(outRecords([{data: 'b', key: 'k'}]), deliveryContext(m))
    assert.deepEqual({failed: tooLarge.failed.length, skipped: tooLarge.skipped.length}, {failed: 0, skipped: 1})
  })
})
