// The cache targets' pure parts: the memcached key rule, last write per key,
// node placement, the auto-discovery reply parser, and Redis destinations.
import {strict as assert} from 'node:assert'
import {createHash} from 'node:crypto'
import {memcachedKey, HASHED_KEY_PREFIX} from '../../../runtime/targets/cache/memcached-key.js'
import {latestPerKey} from '../../../runtime/targets/cache/latest-per-key.js'
import {nodeIndexForKey} from '../../../runtime/targets/cache/memcached-clients.js'
import {isConfigurationEndpoint, parseClusterConfig} from '../../../runtime/targets/cache/memcached-discovery.js'
import {createRedisClient, redisAddress, redisLabel} from '../../../runtime/targets/cache/redis-connection.js'
import {MEMCACHED_MAX_KEY_BYTES} from '../../../runtime/limits.js'
import {clusterConfigReply} from '../../helpers/elasticache-config-standin.js'
import {outRecords} from './fixtures.js'

const sha = (key: string) => HASHED_KEY_PREFIX + createHash('sha256').update(key).digest('hex')

describe('cache target helpers', () => {
  describe('memcachedKey', () => {
    it('keeps keys memcached accepts, byte for byte', () => {
      for (const key of ['a', 'user:42|2024', 'é-ünïcode', 'x'.repeat(MEMCACHED_MAX_KEY_BYTES)]) assert.equal(memcachedKey(key), key)
    })
    it('hashes keys that are too long (in bytes), empty, or hold spaces and control characters', () => {
      for (const key of ['x'.repeat(MEMCACHED_MAX_KEY_BYTES + 1), 'é'.repeat(126), '', 'a b', 'tab\there', 'line\nbreak', 'del\u007f']) {
        assert.equal(memcachedKey(key), sha(key), JSON.stringify(key))
        assert.ok(Buffer.byteLength(memcachedKey(key)) <= MEMCACHED_MAX_KEY_BYTES)
      }
    })
  })

  it('latestPerKey keeps the last record of each key, in record order, with its earlier records', () => {
    const records = outRecords([
      {data: '1', key: 'a'},
      {data: '2', key: 'b'},
      {data: '3', key: 'a'},
      {data: '4', key: 'c'},
    ])
    const groups = latestPerKey(records)
    assert.deepEqual(groups.map((g) => g.latest.data.toString()), ['2', '3', '4'])
    assert.deepEqual(groups.map((g) => g.records.map((r) => r.data.toString())), [['2'], ['1', '3'], ['4']])
  })

  it('places keys on nodes as the Bash-era function did (MD5 first byte, equal ranges)', () => {
    const bash = (key: string, n: number) => {
      const h = parseInt(createHash('md5').update(key).digest('hex').slice(0, 2), 16)
      for (let j = 1; j < n; j++) if (Math.floor((256 / n) * j) > h) return j - 1
      return n - 1
    }
    const used = new Set<number>()
    for (let i = 0; i < 500; i++) {
      const key = `key-${i}`
      for (const n of [1, 2, 3, 7]) assert.equal(nodeIndexForKey(key, n), bash(key, n))
      used.add(nodeIndexForKey(key, 3))
    }
    assert.deepEqual([...used].sort(), [0, 1, 2])
  })

  describe('auto-discovery', () => {
    it('recognizes a configuration endpoint by .cfg. in its host', () => {
      assert.ok(isConfigurationEndpoint('mycluster.abc123.cfg.use1.cache.amazonaws.com:11211'))
      assert.ok(isConfigurationEndpoint('mycluster.abc123.cfg.cnn1.cache.amazonaws.com.cn:11211'))
      assert.ok(!isConfigurationEndpoint('mycluster.abc123.0001.use1.cache.amazonaws.com:11211'))
      assert.ok(!isConfigurationEndpoint('a.cfg.x:1,b:2'), 'a list of nodes is taken as is')
    })
    it('parses the config get cluster reply (ip when given, else the host name)', () => {
      assert.deepEqual(parseClusterConfig(clusterConfigReply(7, ['10.0.0.1:11211', '10.0.0.2:11212'])), {nodes: ['10.0.0.1:11211', '10.0.0.2:11212'], version: 7})
      const body = '3\nnode1.cache.amazonaws.com||11211\n'
      assert.deepEqual(parseClusterConfig(`CONFIG cluster 0 ${body.length}\r\n${body}\r\nEND\r\n`).nodes, ['node1.cache.amazonaws.com:11211'])
    })
    it('refuses a reply that is not a cluster configuration, with a clear reason', () => {
      assert.throws(() => parseClusterConfig('ERROR\r\n'), /unexpected reply.*"ERROR".*not an ElastiCache configuration endpoint/)
      assert.throws(() => parseClusterConfig('CONFIG cluster 0 3\r\n1\n\n\r\nEND\r\n'), /lists no nodes/)
    })
  })

  it('reads Redis destinations and never logs the password', () => {
    assert.deepEqual(redisAddress('my-redis.abc.ng.0001.use1.cache.amazonaws.com:6379'), {host: 'my-redis.abc.ng.0001.use1.cache.amazonaws.com', port: 6379})
    assert.deepEqual(redisAddress('rediss://user:secret@host:6380/2'), {url: 'rediss://user:secret@host:6380/2'})
    assert.equal(redisLabel('rediss://user:secret@host:6380/2'), 'rediss://host:6380/2')
    assert.equal(redisLabel('host:6379'), 'host:6379')
  })

  it('uses TLS and the URL\'s user, password and database for rediss://, bounded connect timeout', () => {
    const tls = createRedisClient('rediss://app:secret@cache.example.com:6380/2')
    assert.ok(tls.options.tls, 'rediss:// turns TLS on')
    assert.deepEqual([tls.options.host, tls.options.port, tls.options.username, tls.options.password, tls.options.db], ['cache.example.com', 6380, 'app', 'secret', 2])
    assert.equal(tls.options.connectTimeout, 2000)
    assert.equal(tls.status, 'wait', 'nothing is connected before the first delivery')
    const plain = createRedisClient('redis://cache.example.com:6379')
    assert.ok(!plain.options.tls)
    tls.disconnect()
    plain.disconnect()
  })
})
