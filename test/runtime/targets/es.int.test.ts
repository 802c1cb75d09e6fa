import {targetOf} from '../context.js'
// es target against a local OpenSearch `_bulk` stand-in that verifies the SigV4 signature and the
// NDJSON body and answers item by item; one run through the packaged handler as well.
import {strict as assert} from 'node:assert'
import {createEsDriver} from '../../../runtime/targets/es.js'
import {closeEsClients} from '../../../runtime/targets/es/client.js'
import {startDynalite, useTestAwsEnv, type Emulator} from '../../helpers/emulators.js'
import {startOpenSearchStandin, type OpenSearchStandin} from '../../helpers/opensearch-standin.js'
import {invokePackaged, jsonLogs} from '../../helpers/zip-handler.js'
import {createMappingTable, deliveryContext, kinesisEvent, mapping, outRecords, streamArn, uniqueName} from './fixtures.js'

const createEsTarget = targetOf(createEsDriver)

describe('es target (OpenSearch stand-in)', function () {
  this.timeout(60_000)
  let standin: OpenSearchStandin

  before(async () => {
    useTestAwsEnv()
    standin = await startOpenSearchStandin()
  })
  beforeEach(() => {
    standin.requests.length = 0
    standin.itemStatus(() => 201)
    standin.requestStatus(() => undefined)
  })
  after(async () => {
    closeEsClients()
    await standin?.close()
  })

  it('sends signed _bulk index actions with _id = key and every record as a JSON object', async () => {
    const m = mapping({destination: `${standin.endpoint}#orders`, region: 'eu-west-3', type: 'es'})
    const records = outRecords([
      {data: '{"id":1,"big":12345678901234567890}', key: 'k1'},
      {data: '{\n  "pretty": true\n}', key: 'k2'},
      {data: 'not json', key: 'k3'},
      {data: Buffer.from([0xff, 0x00, 0xfe]), key: 'k4'},
      {data: '[1,2]', key: 'k"5'},
    ])
    const report = await createEsTarget(m).deliver(records, deliveryContext(m))
    assert.deepEqual({delivered: report.delivered, failed: report.failed.length, skipped: report.skipped.length, calls: report.calls}, {calls: 1, delivered: 5, failed: 0, skipped: 0})
    const [request] = standin.requests
    assert.equal(request.method, 'POST')
    assert.equal(request.path, '/orders/_bulk')
    assert.equal(request.signatureProblem, undefined)
    assert.deepEqual(
      {id: request.credential?.accessKeyId, region: request.credential?.region, service: request.credential?.service},
      {id: 'testing', region: 'eu-west-3', service: 'es'},
    )
    assert.match(String(request.headers['content-type']), /application\/x-ndjson/)
    assert.deepEqual(request.operations.map((o) => o.action), ['k1', 'k2', 'k3', 'k4', 'k"5'].map((_id) => ({index: {_id}})))
    // JSON objects go as they are (digits kept), other records are wrapped, never dropped.
    assert.equal(request.operations[0].documentLine, '{"id":1,"big":12345678901234567890}')
    assert.deepEqual(request.operations[1].document, {pretty: true})
    assert.deepEqual(request.operations[2].document, {data: 'not json'})
    assert.deepEqual(request.operations[3].document, {data: Buffer.from([0xff, 0x00, 0xfe]).toString('base64'), encoding: 'base64'})
    assert.deepEqual(request.operations[4].document, {data: [1, 2]})
  })

  it('retries 429 items until they are indexed and reports other item errors as skipped', async () => {
    const m = mapping({destination: `${standin.endpoint}#logs`, type: 'es'})
    standin.itemStatus((op, n) => {
      const id = op.action.index?._id
      if (id === 'throttled' && n === 1) return 429
      if (id === 'flaky' && n <= 2) return 503
      if (id === 'bad') return 400
      return 201
    })
    const records = outRecords(['a', 'throttled', 'bad', 'flaky', 'b'].map((key) => ({data: `{"k":"${key}"}`, key})))
    const context = deliveryContext(m)
    const report = await createEsTarget(m).deliver(records, context)
    assert.equal(report.delivered, 4)
    assert.equal(report.failed.length, 0)
    assert.deepEqual(report.skipped.map((s) => s.record.key), ['bad'])
    assert.match(report.skipped[0].reason, /status 400, mapper_parsing_exception: scripted 400/)
    assert.equal(report.calls, 3)
    assert.equal(report.retried, 3)
    assert.deepEqual(standin.requests.map((r) => r.operations.map((o) => o.action.index?._id)), [['a', 'throttled', 'bad', 'flaky', 'b'], ['throttled', 'flaky'], ['flaky']])
  })

  it('sends one document per key, the last in record order (records without a key all go)', async () => {
    const m = mapping({destination: `${standin.endpoint}#dedupe`, type: 'es'})
    const records = outRecords([
      {data: '{"v":1}', key: 'dup'},
      {data: '{"v":"a"}', key: ''},
      {data: '{"v":2}', key: 'dup'},
      {data: '{"v":"b"}', key: ''},
    ])
    const report = await createEsTarget(m).deliver(records, deliveryContext(m))
    assert.equal(report.delivered, 4)
    assert.deepEqual(
      standin.requests[0].operations.map((o) => [o.action, o.document]),
      [
        [{index: {}}, {v: 'a'}],
        [{index: {_id: 'dup'}}, {v: 2}],
        [{index: {}}, {v: 'b'}],
      ],
    )
  })

  it('accepts the Bash-era endpoint#doctype/index and writes to the index', async () => {
    const m = mapping({destination: `${standin.endpoint}#mytype/myindex`, type: 'es'})
    await createEsTarget(m).deliver(outRecords([{data: '{}', key: 'x'}]), deliveryContext(m))
    assert.equal(standin.requests[0].path, '/myindex/_bulk')
  })

  it('keeps bulk bodies under the limit: 2,500 records go in three requests', async () => {
    const m = mapping({destination: `${standin.endpoint}#bulk`, type: 'es'})
    const records = outRecords(Array.from({length: 2500}, (_, n) => ({data: `{"n":${n}}`, key: `k${n}`})))
    const report = await createEsTarget(m).deliver(records, deliveryContext(m))
    assert.equal(report.delivered, 2500)
    assert.deepEqual(standin.requests.map((r) => r.operations.length), [1000, 1000, 500])
    assert.ok(standin.requests.every((r) => r.signatureProblem === undefined))
  })

  it('reports every record failed (not skipped) when the domain refuses the request', async () => {
    const m = mapping({destination: `${standin.endpoint}#denied`, type: 'es'})
    standin.requestStatus(() => 403)
    const context = deliveryContext(m)
    const report = await createEsTarget(m).deliver(outRecords([{data: '{}', key: 'a'}, {data: '{}', key: 'b'}]), context)
    assert.deepEqual({delivered: report.delivered, failed: report.failed.length, skipped: report.skipped.length}, {delivered: 0, failed: 2, skipped: 0})
    assert.equal(standin.requests.length, 1, 'a 403 is not retried within the invocation')
    assert.ok(context.log.lines.some((l) => l.level === 'error' && /refused the bulk request/.test(l.message) && /403/.test(String(l.error))))
  })

  it('retries a whole request that failed with 503', async () => {
    const m = mapping({destination: `${standin.endpoint}#unavailable`, type: 'es'})
    standin.requestStatus((n) => (n === 1 ? 503 : undefined))
    const report = await createEsTarget(m).deliver(outRecords([{data: '{}', key: 'a'}]), deliveryContext(m))
    assert.equal(report.delivered, 1)
    assert.equal(standin.requests.length, 2)
  })

  describe('through the packaged handler', () => {
    let dynalite: Emulator
    before(async () => (dynalite = await startDynalite()))
    after(async () => dynalite?.close())

    it('indexes the records of a Kinesis event and reports item errors in the metrics', async () => {
      const source = streamArn(uniqueName('es'))
      const table = await createMappingTable(dynalite.endpoint, [
        {active: true, destination: `${standin.endpoint}#events`, id: 'es-1', sourceArn: source, type: 'es'},
      ])
      standin.itemStatus((op) => (op.action.index?._id === 'refused' ? 400 : 201))
      const event = kinesisEvent(source, [
        {data: '{"a":1}', key: 'one'},
        {data: '{"a":2}', key: 'refused'},
        {data: 'text', key: 'three'},
      ])
      const {results, logs} = await invokePackaged<{batchItemFailures: unknown[]}>([event], {env: {AWS_ENDPOINT_URL_DYNAMODB: dynalite.endpoint, FANOUT_TABLE: table}})
      assert.deepEqual(results[0], {ok: true, value: {batchItemFailures: []}})
      assert.equal(standin.requests.length, 1)
      assert.equal(standin.requests[0].signatureProblem, undefined)
      assert.deepEqual(standin.requests[0].operations.map((o) => o.document), [{a: 1}, {a: 2}, {data: 'text'}])
      const emf = jsonLogs(logs).find((l) => l._aws && l.Target === 'es-1')
      assert.deepEqual({delivered: emf?.Delivered, skipped: emf?.Skipped, failed: emf?.Failed}, {delivered: 2, failed: 0, skipped: 1})
    })
  })
})
