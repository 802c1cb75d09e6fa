import assert from 'node:assert/strict'
import {DynamoDBClient, QueryCommand} from '@aws-sdk/client-dynamodb'
import {marshall} from '@aws-sdk/util-dynamodb'
import {mockClient, type AwsClientStub} from 'aws-sdk-client-mock'
import {createMappingStore} from '../../../runtime/config/mapping-store.js'
import {readSettings} from '../../../runtime/config/settings.js'
import {memoryLogger} from '../log.js'

const SOURCE = 'arn:aws:kinesis:us-east-1:123456789012:stream/src'
const row = (id: string, extra: Record<string, unknown> = {}) =>
  marshall({active: true, destination: 'out', id, sourceArn: SOURCE, type: 'kinesis', ...extra})

describe('mapping store', () => {
  let ddb!: AwsClientStub<DynamoDBClient>
  // Created in before(), not at load: a mock patches the class for the whole process.
  before(() => {
    ddb = mockClient(DynamoDBClient)
  })
  afterEach(() => ddb.reset())
  // Mocks patch the client class for the whole process: give it back for the other suites.
  after(() => ddb.restore())

  it('reads every page, following LastEvaluatedKey', async () => {
    ddb
      .on(QueryCommand)
      .resolvesOnce({Items: [row('a')], LastEvaluatedKey: {id: {S: 'a'}, sourceArn: {S: SOURCE}}})
      .resolvesOnce({Items: [row('b')], LastEvaluatedKey: {id: {S: 'b'}, sourceArn: {S: SOURCE}}})
      .resolvesOnce({Items: [row('c')]})
    const store = createMappingStore({client: new DynamoDBClient({region: 'us-east-1'}), log: memoryLogger(), tableName: 'fanoutTargets', ttlMs: 60_000})
    const mappings = await store.activeMappings(SOURCE)
    assert.deepEqual(mappings.map((m) => m.id), ['a', 'b', 'c'])
    const calls = ddb.commandCalls(QueryCommand).map((c) => c.args[0].input)
    assert.deepEqual(calls.map((c) => c.ExclusiveStartKey?.id?.S), [undefined, 'a', 'b'])
    assert.equal(calls[0].TableName, 'fanoutTargets')
    assert.deepEqual(calls[0].ExpressionAttributeValues, {':source': {S: SOURCE}})
  })

  it('uses only active rows and logs each invalid row with its id and reason', async () => {
    ddb.on(QueryCommand).resolves({
      Items: [
        row('ok'),
        row('inactive', {active: false}),
        row('bad-type', {type: 'carrier-pigeon'}),
        {...row('wrong-attr'), active: {S: 'true'}},
        row('bash-era', {collapse: 'JSON', parallel: true}),
      ],
    })
    const log = memoryLogger()
    const store = createMappingStore({client: new DynamoDBClient({region: 'us-east-1'}), log, tableName: 't', ttlMs: 60_000})
    const mappings = await store.activeMappings(SOURCE)
    assert.deepEqual(mappings.map((m) => m.id), ['ok', 'bash-era'])
    const invalid = log.lines.filter((l) => l.message === 'invalid mapping skipped')
    assert.deepEqual(invalid.map((l) => l.id), ['bad-type', 'wrong-attr'])
    assert.match(String(invalid[0].reason), /unknown target type 'carrier-pigeon'/)
    assert.match(String(invalid[1].reason), /'active' must be a boolean/)
  })

  it('caches per source for the TTL, and does not cache a failed read', async () => {
    let clock = 0
    ddb.on(QueryCommand).rejectsOnce(new Error('boom')).resolves({Items: [row('a')]})
    const store = createMappingStore({client: new DynamoDBClient({region: 'us-east-1'}), log: memoryLogger(), now: () => clock, tableName: 't', ttlMs: 60_000})
    await assert.rejects(store.activeMappings(SOURCE), /boom/)
    await store.activeMappings(SOURCE)
    clock = 59_999
    await store.activeMappings(SOURCE)
    assert.equal(ddb.commandCalls(QueryCommand).length, 2)
    clock = 60_000
    await store.activeMappings(SOURCE)
    assert.equal(ddb.commandCalls(QueryCommand).length, 3)
  })
})

describe('runtime settings', () => {
  it('defaults the table to <function>Targets, TTL 60 s, namespace Custom/FanOut', () => {
    assert.deepEqual(readSettings({AWS_LAMBDA_FUNCTION_NAME: 'myfan'}), {
      configTimeoutMs: 5_000,
      configTtlMs: 60_000,
      metricsNamespace: 'Custom/FanOut',
      parkAfterSeconds: 300,
      tableName: 'myfanTargets',
    })
  })

  it('reads FANOUT_TABLE, FANOUT_CONFIG_TTL_SECONDS and FANOUT_METRICS_NAMESPACE', () => {
    assert.deepEqual(readSettings({FANOUT_CONFIG_TTL_SECONDS: '0', FANOUT_METRICS_NAMESPACE: 'NS', FANOUT_TABLE: 'tbl'}), {
      configTimeoutMs: 5_000,
      configTtlMs: 0,
      metricsNamespace: 'NS',
      parkAfterSeconds: 300,
      tableName: 'tbl',
    })
    assert.equal(readSettings({FANOUT_CONFIG_TTL_SECONDS: 'soon'}).configTtlMs, 60_000)
  })

  it('reads FANOUT_PARKING_BUCKET, FANOUT_PARK_AFTER_SECONDS and FANOUT_CONFIG_TIMEOUT_MS', () => {
    const settings = readSettings({FANOUT_CONFIG_TIMEOUT_MS: '800', FANOUT_PARKING_BUCKET: 'bucket', FANOUT_PARK_AFTER_SECONDS: '0'})
    assert.deepEqual([settings.parkingBucket, settings.parkAfterSeconds, settings.configTimeoutMs], ['bucket', 0, 800])
    assert.equal(readSettings({FANOUT_PARK_AFTER_SECONDS: '-1'}).parkAfterSeconds, -1)
    assert.equal(readSettings({FANOUT_PARK_AFTER_SECONDS: 'later'}).parkAfterSeconds, 300)
    assert.equal(readSettings({}).parkingBucket, undefined)
  })
})
