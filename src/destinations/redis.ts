// ElastiCache Redis: `host:port` or a redis:// URL is stored as given; a replication group id is
// turned into its primary (or cluster configuration) endpoint, a single-node cluster id into its node.
import {UserError} from '../errors.js'
import {clientFor, isNotFound, notFound, type DestinationResolver, type ResolveContext} from './resolver.js'
import {requireSdk} from '../aws/sdk.js'

/** A single-node Redis cluster's endpoint; undefined when there is no such cluster. */
async function singleNodeEndpoint(name: string, context: ResolveContext): Promise<string | undefined> {
  const {DescribeCacheClustersCommand, ElastiCacheClient} = requireSdk<typeof import('@aws-sdk/client-elasticache')>('@aws-sdk/client-elasticache')
  try {
    const out = await clientFor(context, ElastiCacheClient).send(new DescribeCacheClustersCommand({CacheClusterId: name, ShowCacheNodeInfo: true}))
    const cluster = out.CacheClusters?.[0]
    if (cluster?.Engine !== 'redis') return undefined
    const endpoint = cluster.CacheNodes?.[0]?.Endpoint
    if (!endpoint?.Address) throw new UserError(`ElastiCache cluster '${name}' has no node endpoint yet`, {suggestion: 'wait until it is available'})
    return `${endpoint.Address}:${endpoint.Port}`
  } catch (error) {
    if (isNotFound(error, 'CacheClusterNotFoundFault')) return undefined
    throw error
  }
}

export const redisResolver: DestinationResolver = {
  isQualified: (value) => value.includes(':'),
  async list(context) {
    const {DescribeReplicationGroupsCommand, ElastiCacheClient} = requireSdk<typeof import('@aws-sdk/client-elasticache')>('@aws-sdk/client-elasticache')
    const out = await clientFor(context, ElastiCacheClient).send(new DescribeReplicationGroupsCommand({MaxRecords: 100}))
    return (out.ReplicationGroups ?? []).map((group) => ({description: group.Description, name: group.ReplicationGroupId!, value: group.ReplicationGroupId!}))
  },
  noun: 'ElastiCache Redis replication group',
  qualifiedForm: 'host:port or a redis:// URL',
  async resolveName(name, context) {
    const {DescribeReplicationGroupsCommand, ElastiCacheClient} = requireSdk<typeof import('@aws-sdk/client-elasticache')>('@aws-sdk/client-elasticache')
    try {
      const out = await clientFor(context, ElastiCacheClient).send(new DescribeReplicationGroupsCommand({ReplicationGroupId: name}))
      const group = out.ReplicationGroups?.[0]
      const endpoint = group?.NodeGroups?.[0]?.PrimaryEndpoint ?? group?.ConfigurationEndpoint
      if (endpoint?.Address) return `${endpoint.Address}:${endpoint.Port}`
    } catch (error) {
      if (!isNotFound(error, 'ReplicationGroupNotFoundFault')) throw error
    }
    const single = await singleNodeEndpoint(name, context)
    if (!single) throw notFound(this, name, context)
    return single
  },
}
