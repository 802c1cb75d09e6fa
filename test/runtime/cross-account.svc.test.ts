// Cross-account and cross-region delivery through the packaged handler: a mapping's role (with an
// external id) is assumed through STS (moto, behind a recording proxy), the assumed credentials
// sign the requests to the destination (stand-ins that verify the signature with the secret moto
// handed out), `region` picks the signing region, and every ARN partition works end to end.
import {strict as assert} from 'node:assert'
import {GetCallerIdentityCommand, STSClient} from '@aws-sdk/client-sts'
import {startDynalite, type Emulator} from '../helpers/emulators.js'
import {MOTO_ENDPOINT, requireService} from '../helpers/services.js'
import {invokePackaged, jsonLogs} from '../helpers/zip-handler.js'
import {startOpenSearchStandin, type OpenSearchStandin} from '../helpers/opensearch-standin.js'
import {startIotDataStandin, type IotDataStandin} from '../helpers/iot-data-standin.js'
import {startStsProxy, type StsProxy} from '../helpers/sts-recording-proxy.js'
import {createMappingTable, kinesisEvent, streamArn, uniqueName} from './targets/fixtures.js'

type BatchResponse = {batchItemFailures: unknown[]}

const PARTITIONS = [
  {partition: 'aws', region: 'eu-west-1'},
  {partition: 'aws-cn', region: 'cn-northwest-1'},
  {partition: 'aws-us-gov', region: 'us-gov-west-1'},
]

describe('cross-account and cross-region delivery (moto STS)', function () {
  this.timeout(120_000)
  let dynalite: Emulator
  let opensearch: OpenSearchStandin
  let iot: IotDataStandin
  let sts: StsProxy
  // Secrets of the keys moto hands out, filled in by the STS proxy as it sees them.
  const assumedSecrets: Record<string, string> = {}

  before(async function () {
    await requireService(this, 'moto')
    dynalite = await startDynalite()
    opensearch = await startOpenSearchStandin(assumedSecrets)
    iot = await startIotDataStandin()
    sts = await startStsProxy(MOTO_ENDPOINT, (id, secret) => {
      iot.addSecret(id, secret)
      assumedSecrets[id] = secret
    })
  })
  after(async () => {
    await Promise.all([dynalite?.close(), opensearch?.close(), iot?.close(), sts?.close()])
  })

  it('assumes each role once with its external id, signs with the assumed credentials in the mapping region, for every partition', async () => {
    const tag = uniqueName('x')
    const items = []
    const events = []
    for (const {partition, region} of PARTITIONS) {
      const source = streamArn(`${tag}-${partition}`, partition, region)
      const role = `arn:${partition}:iam::210987654321:role/fanout-${partition}`
      items.push(
        {active: true, destination: `${opensearch.endpoint}#idx-${partition}`, externalId: `ext-${partition}`, id: 'es', region, role, sourceArn: source, type: 'es'},
        {active: true, collapse: 'none', destination: `${iot.endpoint}#t/${partition}`, externalId: `ext-${partition}`, id: 'iot', region, role, sourceArn: source, type: 'iot'},
      )
      events.push(kinesisEvent(source, [{data: `{"p":"${partition}"}`, key: `k-${partition}`}]))
    }
    const table = await createMappingTable(dynalite.endpoint, items)
    // Each event twice: the second invocation must reuse the cached credentials.
    const {results, logs} = await invokePackaged<BatchResponse>([...events, ...events], {
      env: {AWS_ENDPOINT_URL_DYNAMODB: dynalite.endpoint, AWS_ENDPOINT_URL_STS: sts.endpoint, FANOUT_TABLE: table},
    })
    for (const result of results) assert.deepEqual(result, {ok: true, value: {batchItemFailures: []}}, logs.join('\n'))

    const assumeCalls = sts.calls.filter((c) => c.params.get('Action') === 'AssumeRole')
    assert.deepEqual(
      assumeCalls.map((c) => [c.params.get('RoleArn'), c.params.get('ExternalId')]).sort(),
      PARTITIONS.map(({partition}) => [`arn:${partition}:iam::210987654321:role/fanout-${partition}`, `ext-${partition}`]).sort(),
      'one AssumeRole per role (es and iot share it), with the external id, none repeated',
    )
    const keyOfRole = new Map(assumeCalls.map((c) => [c.params.get('RoleArn')!.split(':')[1], c.accessKeyId!]))

    for (const {partition, region} of PARTITIONS) {
      const bulks = opensearch.requests.filter((r) => r.path === `/idx-${partition}/_bulk`)
      assert.equal(bulks.length, 2)
      for (const bulk of bulks) {
        assert.equal(bulk.signatureProblem, undefined)
        assert.equal(bulk.credential?.accessKeyId, keyOfRole.get(partition))
        assert.equal(bulk.credential?.region, region)
        assert.ok(bulk.headers['x-amz-security-token'], 'the session token is sent')
      }
      const published = iot.publications.filter((p) => p.topic === `t/${partition}`)
      assert.equal(published.length, 2)
      for (const p of published) {
        assert.equal(p.signatureProblem, undefined)
        assert.equal(p.credential?.accessKeyId, keyOfRole.get(partition))
        assert.equal(p.credential?.region, region)
        assert.equal(p.payload.toString(), `{"p":"${partition}"}`)
      }
    }

    // moto knows the key as a session of the role.
    const awsKey = keyOfRole.get('aws')!
    const identity = await new STSClient({credentials: {accessKeyId: awsKey, secretAccessKey: 'unused'}, endpoint: MOTO_ENDPOINT, region: 'us-east-1'}).send(
      new GetCallerIdentityCommand({}),
    )
    assert.match(identity.Arn ?? '', /^arn:aws:sts::\d{12}:assumed-role\/fanout-aws\/fanout-fanout$/)
    assert.equal(jsonLogs(logs).filter((l) => l.level === 'error').length, 0)
  })

  it('publishes to IoT data on moto server', async () => {
    const source = streamArn(uniqueName('iot-moto'))
    const table = await createMappingTable(dynalite.endpoint, [
      {active: true, collapse: 'none', destination: `${MOTO_ENDPOINT}#fanout/moto`, id: 'iot-moto', sourceArn: source, type: 'iot'},
      {active: true, collapse: 'JSON', destination: `${MOTO_ENDPOINT}#fanout/moto-json`, id: 'iot-moto-json', sourceArn: source, type: 'iot'},
    ])
    const inputs = Array.from({length: 25}, (_, n) => ({data: `{"n":${n}}`, key: `k${n}`}))
    const {results, logs} = await invokePackaged<BatchResponse>([kinesisEvent(source, inputs)], {env: {AWS_ENDPOINT_URL_DYNAMODB: dynalite.endpoint, FANOUT_TABLE: table}})
    assert.deepEqual(results[0], {ok: true, value: {batchItemFailures: []}}, logs.join('\n'))
    const lines = jsonLogs(logs)
    assert.equal(lines.find((l) => l._aws && l.Target === 'iot-moto')?.Delivered, 25)
    assert.equal(lines.find((l) => l._aws && l.Target === 'iot-moto-json')?.Delivered, 25)
  })
})
