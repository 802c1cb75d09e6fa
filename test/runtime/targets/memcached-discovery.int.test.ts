// ElastiCache auto-discovery against the in-process configuration endpoint stand-in: the node list
// is cached for the refresh interval, asked again after it, kept when a refresh fails, and a first
// discovery that fails says which endpoint and why.
import {strict as assert} from 'node:assert'
import {createServer} from 'node:net'
import {discoverNodes, fetchClusterConfig, forgetDiscovery} from '../../../runtime/targets/cache/memcached-discovery.js'
import {startConfigEndpoint} from '../../helpers/elasticache-config-standin.js'

describe('memcached auto-discovery (configuration endpoint stand-in)', () => {
  const saved = process.env.FANOUT_MEMCACHED_DISCOVERY_SECONDS
  beforeEach(() => forgetDiscovery())
  afterEach(() => {
    if (saved === undefined) delete process.env.FANOUT_MEMCACHED_DISCOVERY_SECONDS
    else process.env.FANOUT_MEMCACHED_DISCOVERY_SECONDS = saved
  })

  it('reads the node list over a .cfg.localhost name, caches it for the interval, then asks again', async () => {
    const config = await startConfigEndpoint(['10.0.0.1:11211', '10.0.0.2:11211'])
    try {
      process.env.FANOUT_MEMCACHED_DISCOVERY_SECONDS = '60'
      const endpoint = `cluster.cfg.localhost:${config.port}`
      const t0 = Date.now()
      assert.deepEqual(await discoverNodes(endpoint, t0), {nodes: ['10.0.0.1:11211', '10.0.0.2:11211']})
      config.setNodes(['10.0.0.3:11211'])
      assert.deepEqual((await discoverNodes(endpoint, t0 + 59_000)).nodes, ['10.0.0.1:11211', '10.0.0.2:11211'])
      assert.equal(config.requests(), 1)
      assert.deepEqual((await discoverNodes(endpoint, t0 + 60_000)).nodes, ['10.0.0.3:11211'])
      assert.equal(config.requests(), 2)
    } finally {
      await config.close()
    }
  })

  it('keeps the last known nodes when a refresh fails, and names the endpoint when the first one does', async () => {
    const config = await startConfigEndpoint(['10.0.0.1:11211'])
    const endpoint = `cluster.cfg.localhost:${config.port}`
    const t0 = Date.now()
    await discoverNodes(endpoint, t0)
    await config.close()
    const stale = await discoverNodes(endpoint, t0 + 61_000)
    assert.deepEqual(stale.nodes, ['10.0.0.1:11211'])
    assert.match(stale.staleBecause ?? '', /ECONNREFUSED/)
    await assert.rejects(discoverNodes(`other.cfg.localhost:${config.port}`), /auto-discovery on other\.cfg\.localhost:\d+ failed: .*ECONNREFUSED/)
  })

  it('gives up on a silent endpoint after the connect timeout, and refuses a plain memcached answer', async () => {
    const silent = createServer(() => {})
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
    const port = (silent.address() as {port: number}).port
    const started = Date.now()
    await assert.rejects(fetchClusterConfig(`127.0.0.1:${port}`, 200), /no answer from 127\.0\.0\.1:\d+ within 200 ms/)
    assert.ok(Date.now() - started < 2_000)
    silent.close()

    const plain = createServer((socket) => socket.on('data', () => socket.write('ERROR\r\n')))
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve))
    await assert.rejects(fetchClusterConfig(`127.0.0.1:${(plain.address() as {port: number}).port}`), /not an ElastiCache configuration endpoint/)
    plain.close()
  })
})
