// ElastiCache Memcached: `host:port[,host:port]` is stored as given; a cluster id is turned into its
// configuration endpoint (the runtime then uses auto-discovery).
import {UserError} from '../errors.js'
import {clientFor, lookUp, type DestinationResolver} from './resolver.js'
import {requireSdk} from '../aws/sdk.js'

export const memcachedResolver: DestinationResolver = {
  isQualified: (value) => value.includes(':'),
  async list(context) {
    const {DescribeCacheClustersCommand, ElastiCacheClient} = requireSdk<typeof import('@aws-sdk/client-elasticache')>('@aws-sdk/client-elasticache')
    const out = await clientFor(context, ElastiCacheClient).send(new DescribeCacheClustersCommand({MaxRecords: 100}))
    return (out.CacheClusters ?? [])
      .filter((cluster) => cluster.Engine === 'memcached')
      .map((cluster) => ({description: cluster.CacheNodeType, name: cluster.CacheClusterId!, value: cluster.CacheClusterId!}))
  },
  noun: 'ElastiCache Memcached cluster',
  qualifiedForm: 'host:port',
  async resolveName(name, context) {
    const {DescribeCacheClustersCommand, ElastiCacheClient} = requireSdk<typeof import('@aws-sdk/client-elasticache')>('@aws-sdk/client-elasticache')
    const describe = () => clientFor(context, ElastiCacheClient).send(new DescribeCacheClustersCommand({CacheClusterId: name}))
    const out = await lookUp(this, name, context, describe, 'CacheClusterNotFoundFault')
    const endpoint = out.CacheClusters?.[0]?.ConfigurationEndpoint
    if (!endpoint?.Address) throw new UserError(`ElastiCache cluster '${name}' has no configuration endpoint (is it a Memcached cluster?)`)
    return `${endpoint.Address}:${endpoint.Port}`
  },
}
