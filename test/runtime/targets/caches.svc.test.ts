import {targetOf} from '../context.js'
// redis and memcached targets through the packaged handler (unzipped, in a child process) against
// the real servers: values read back and compared, a key written twice in one batch, binary values,
// long and spaced memcached keys, a server that is down, and ElastiCache auto-discovery.
import {strict as assert} from 'node:assert'
import {createServer as createTcpServer} from 'node:net'
import {randomBytes} from 'node:crypto'
import {Redis} from 'ioredis'
import memjs from 'memjs'
import {startDynalite, type Emulator} from '../../helpers/emulators.js'
import {MEMCACHED_ADDRESS, REDIS_URL, requireService} from '../../helpers/services.js'
import {invokePackaged, jsonLogs} from '../../helpers/zip-handler.js'
import {memcachedKey} from '../../../runtime/targets/cache/memcached-key.js'
import {createMappingTable, deliveryContext, kinesisEvent, mapping, outRecords, streamArn, uniqueName, type KinesisInput} from './fixtures.js'
import {createRedisDriver} from '../../../runtime/targets/redis.js'
import {createMemcachedDriver} from '../../../runtime/targets/memcached.js'
import {closeRedisConnections} from '../../../runtime/targets/cache/redis-connection.js'
import {closeMemcachedClients} from '../../../runtime/targets/cache/memcached-clients.js'
import {startConfigEndpoint, type ConfigEndpoint} from '../../helpers/elasticache-config-standin.js'
import {startMemcached, startRedis, type LocalServer} from '../../helpers/local-servers.js'

const createMemcachedTarget = targetOf(createMemcachedDriver)

const createRedisTarget = targetOf(createRedisDriver)

type BatchResponse = {batchItemFailures: Array<{itemIdentifier: string}>}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createTcpServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const {port} = server.address() as {port: number}
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

function memcachedClient(address: string) {
  return memjs.Client.create(address, {logger: {log: () => {}}, retries: 1, timeout: 2} as memjs.ClientOptions)
}

describe('cache targets through the packaged handler (services)', function () {
  this.timeout(120_000)
  let dynalite: Emulator
  let redis: Redis
  let memcached: memjs.Client
  const prefix = uniqueName('fo')

  before(async function () {
    await requireService(this, 'redis')
    await requireService(this, 'memcached')
    dynalite = await startDynalite()
    redis = new Redis(REDIS_URL)
    memcached = memcachedClient(MEMCACHED_ADDRESS)
  })
  after(async () => {
    redis?.disconnect()
    memcached?.close()
    await dynalite?.close()
  })

  const env = (table: string, extra: Record<string, string> = {}) => ({AWS_ENDPOINT_URL_DYNAMODB: dynalite.endpoint, FANOUT_TABLE: table, ...extra})

  it('writes every record to Redis and memcached, last write wins, binary values intact', async () => {
    const source = streamArn(uniqueName('caches'))
    const redisHostPort = new URL(REDIS_URL).host
    const table = await createMappingTable(dynalite.endpoint, [
      {active: true, destination: REDIS_URL, id: 'redis-url', sourceArn: source, type: 'redis'},
      {active: true, destination: redisHostPort, id: 'redis-hp', sourceArn: source, type: 'redis'},
      // role/region do not apply to caches: the row is invalid, logged with its id and skipped.
      {active: true, destination: redisHostPort, id: 'redis-role', region: 'eu-west-1', role: 'arn:aws:iam::123456789012:role/x', sourceArn: source, type: 'redis'},
      {active: true, destination: MEMCACHED_ADDRESS, id: 'memcached', sourceArn: source, type: 'memcached'},
    ])
    const binary = Buffer.concat([Buffer.from([0xff, 0xfe, 0x00, 0x80]), randomBytes(2048)])
    const longKey = `${prefix}-${'k'.repeat(300)}`
    const spacedKey = `${prefix} spaced key`
    const inputs: KinesisInput[] = [
      {data: '{"v":1}', key: `${prefix}-twice`},
      {data: binary, key: `${prefix}-binary`},
      {data: 'plain text', key: longKey},
      {data: 'with space', key: spacedKey},
      {data: '{"v":2}', key: `${prefix}-twice`},
      ...Array.from({length: 50}, (_, n) => ({data: `value-${n}`, key: `${prefix}-n${n}`})),
    ]
    const {results, logs} = await invokePackaged<BatchResponse>([kinesisEvent(source, inputs)], {env: env(table)})
    assert.deepEqual(results[0], {ok: true, value: {batchItemFailures: []}})

    assert.equal((await redis.getBuffer(`${prefix}-twice`))?.toString(), '{"v":2}')
    assert.deepEqual(await redis.getBuffer(`${prefix}-binary`), binary)
    assert.equal(await redis.get(longKey), 'plain text')
    assert.equal(await redis.get(spacedKey), 'with space')
    for (let n = 0; n < 50; n++) assert.equal(await redis.get(`${prefix}-n${n}`), `value-${n}`)

    assert.equal((await memcached.get(`${prefix}-twice`)).value?.toString(), '{"v":2}')
    assert.deepEqual((await memcached.get(`${prefix}-binary`)).value, binary)
    // Keys memcached cannot take are stored under sha256:<hex of the key>.
    assert.equal((await memcached.get(memcachedKey(longKey))).value?.toString(), 'plain text')
    assert.match(memcachedKey(spacedKey), /^sha256:[0-9a-f]{64}$/)
    assert.equal((await memcached.get(memcachedKey(spacedKey))).value?.toString(), 'with space')
    for (let n = 0; n < 50; n++) assert.equal((await memcached.get(`${prefix}-n${n}`)).value?.toString(), `value-${n}`)

    const lines = jsonLogs(logs)
    const refused = lines.find((l) => l.id === 'redis-role' && l.message === 'invalid mapping skipped')
    assert.ok(refused, 'role/region on a redis mapping is logged')
    assert.equal(refused.level, 'error')
    assert.match(String(refused.reason), /'role' and 'region' do not apply to redis targets.*--no-destination-role-arn --no-destination-region/)
    assert.ok(!lines.some((l) => l._aws && l.Target === 'redis-role'), 'the refused row is not used')
    // One EMF line per target with the target's figures.
    for (const target of ['redis-url', 'redis-hp', 'memcached']) {
      const emf = lines.find((l) => l._aws && l.Target === target)
      assert.ok(emf, `metrics line for ${target}`)
      assert.equal(emf.RecordsIn, inputs.length)
      assert.equal(emf.Delivered, inputs.length)
      assert.equal(emf.Failed, 0)
    }
  })

  it('reports the whole batch for retry when a server is down, quickly and with a clear log line', async () => {
    const source = streamArn(uniqueName('down'))
    const redisPort = await closedPort()
    const memcachedPort = await closedPort()
    const table = await createMappingTable(dynalite.endpoint, [
      {active: true, destination: `127.0.0.1:${redisPort}`, id: 'redis-down', sourceArn: source, type: 'redis'},
      {active: true, destination: `127.0.0.1:${memcachedPort}`, id: 'memcached-down', sourceArn: source, type: 'memcached'},
      {active: true, destination: REDIS_URL, id: 'redis-up', sourceArn: source, type: 'redis'},
    ])
    const inputs = Array.from({length: 20}, (_, n) => ({data: `v${n}`, key: `${prefix}-down-${n}`}))
    const started = Date.now()
    const {results, logs} = await invokePackaged<BatchResponse>([kinesisEvent(source, inputs, 5000)], {env: env(table)})
    assert.ok(Date.now() - started < 20_000, 'the invocation does not hang on a closed port')
    assert.deepEqual(results[0], {ok: true, value: {batchItemFailures: [{itemIdentifier: '5000'}]}})
    const lines = jsonLogs(logs)
    const redisError = lines.find((l) => l.level === 'error' && l.mapping === 'redis-down')
    assert.ok(redisError, 'a log line names the redis mapping')
    assert.match(String(redisError.message), new RegExp(`redis 127\\.0\\.0\\.1:${redisPort} unreachable.*20 records reported for retry`))
    const memcachedError = lines.find((l) => l.level === 'error' && l.mapping === 'memcached-down')
    assert.ok(memcachedError, 'a log line names the memcached mapping')
    assert.match(String(memcachedError.message), /unreachable.*20 records reported for retry/)
    // The healthy target still got everything.
    for (let n = 0; n < 20; n++) assert.equal(await redis.get(`${prefix}-down-${n}`), `v${n}`)
    const emf = lines.find((l) => l._aws && l.Target === 'redis-down')
    assert.equal(emf?.Failed, 20)
  })

  describe('in process', () => {
    let authRedis: LocalServer
    before(async () => (authRedis = await startRedis('s3cret pass')))
    after(async () => {
      closeRedisConnections()
      closeMemcachedClients()
      await authRedis?.stop()
    })

    it('authenticates with the password of a redis:// URL and selects its database', async () => {
      const m = mapping({destination: `redis://:${encodeURIComponent('s3cret pass')}@${authRedis.address}/3`, type: 'redis'})
      const report = await createRedisTarget(m).deliver(outRecords([{data: 'secret value', key: `${prefix}-auth`}]), deliveryContext(m))
      assert.equal(report.delivered, 1)
      const reader = new Redis(`redis://:${encodeURIComponent('s3cret pass')}@${authRedis.address}/3`)
      try {
        assert.equal(await reader.get(`${prefix}-auth`), 'secret value')
      } finally {
        reader.disconnect()
      }
    })

    it('reuses the connection across invocations and rebuilds it after the server dropped it', async () => {
      const url = `redis://:${encodeURIComponent('s3cret pass')}@${authRedis.address}/4`
      const admin = new Redis(url)
      const clientIds = async () =>
        String(await admin.call('CLIENT', 'LIST'))
          .split('\n')
          .filter((line: string) => line.includes('db=4') && !line.includes('cmd=client'))
          .map((line: string) => /id=(\d+)/.exec(line)?.[1])
      try {
        const target = createRedisTarget(mapping({destination: url, type: 'redis'}))
        const deliver = async (key: string) => (await target.deliver(outRecords([{data: key, key}]), deliveryContext(mapping({destination: url, type: 'redis'})))).delivered
        assert.equal(await deliver('first'), 1)
        const before = await clientIds()
        assert.equal(await deliver('second'), 1)
        assert.deepEqual(await clientIds(), before, 'same connection for the next invocation')
        await admin.call('CLIENT', 'KILL', 'SKIPME', 'yes')
        assert.equal(await deliver('third'), 1, 'a dropped connection is rebuilt')
        assert.equal(await admin.get('third'), 'third')
        assert.notDeepEqual(await clientIds(), before)
      } finally {
        admin.disconnect()
      }
    })

    it('reports the records failed with a clear line when the password is wrong, without leaking it', async () => {
      const m = mapping({destination: `redis://:wrong-password@${authRedis.address}`, type: 'redis'})
      const context = deliveryContext(m)
      const report = await createRedisTarget(m).deliver(outRecords([{data: 'x', key: `${prefix}-noauth`}]), context)
      assert.deepEqual({delivered: report.delivered, failed: report.failed.length}, {delivered: 0, failed: 1})
      const line = context.log.lines.find((l) => l.level === 'error')
      assert.ok(line)
      assert.match(`${line.message} ${String(line.error)}`, /WRONGPASS|NOAUTH|invalid.*password/i)
      assert.doesNotMatch(JSON.stringify(context.log.lines), /wrong-password/)
    })

    it('skips memcached values above the item limit with the reason, and stores the rest', async () => {
      const m = mapping({destination: MEMCACHED_ADDRESS, type: 'memcached'})
      const records = outRecords([
        {data: Buffer.alloc(1024 * 1024 + 1, 1), key: `${prefix}-huge`},
        {data: Buffer.alloc(1024 * 1024 - 16, 2), key: `${prefix}-server-refuses`},
        {data: 'small', key: `${prefix}-small`},
      ])
      const report = await createMemcachedTarget(m).deliver(records, deliveryContext(m))
      assert.equal(report.delivered, 1)
      assert.equal(report.failed.length, 0)
      assert.deepEqual(
        report.skipped.map((s) => [s.record.key, s.reason.replace(/\d+/g, 'N')]),
        [
          [`${prefix}-huge`, "value of N bytes exceeds memcached's N-byte item limit"],
          [`${prefix}-server-refuses`, 'memcached refused set: Value too large'],
        ],
      )
      assert.equal((await memcached.get(`${prefix}-small`)).value?.toString(), 'small')
    })
  })

  describe('memcached auto-discovery', () => {
    let config: ConfigEndpoint
    let second: LocalServer

    before(async function () {
      second = await startMemcached()
      config = await startConfigEndpoint([MEMCACHED_ADDRESS])
    })
    after(async () => {
      await config?.close()
      await second?.stop()
    })

    it('resolves a .cfg. endpoint and follows a node list change between invocations', async () => {
      const source = streamArn(uniqueName('discovery'))
      const destination = `fanout.cfg.localhost:${config.port}`
      const table = await createMappingTable(dynalite.endpoint, [{active: true, destination, id: 'mc-cfg', sourceArn: source, type: 'memcached'}])
      const first = [{data: 'before', key: `${prefix}-disc-1`}]
      const later = [{data: 'after', key: `${prefix}-disc-2`}]
      // Change the node list once the first invocation has asked for it.
      config.onRequest((count) => {
        if (count === 1) config.setNodes([second.address])
      })
      const {results, logs} = await invokePackaged<BatchResponse>([kinesisEvent(source, first), kinesisEvent(source, later, 2000)], {
        env: env(table, {FANOUT_MEMCACHED_DISCOVERY_SECONDS: '0.3'}),
        pauseMs: 600,
      })
      assert.deepEqual(
        results.map((r) => r.ok && r.value.batchItemFailures.length),
        [0, 0],
        logs.join('\n'),
      )
      assert.equal(config.requests(), 2, 'the node list is asked again after the refresh interval')
      const secondClient = memcachedClient(second.address)
      try {
        assert.equal((await memcached.get(`${prefix}-disc-1`)).value?.toString(), 'before')
        assert.equal((await secondClient.get(`${prefix}-disc-2`)).value?.toString(), 'after')
        assert.equal((await memcached.get(`${prefix}-disc-2`)).value, null)
      } finally {
        secondClient.close()
      }
    })
  })
})
