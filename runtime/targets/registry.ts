// Target type -> factory, and the targets built for the mappings in use: a mapping's target is
// built once and reused while its row is unchanged (clients and connections stay warm). Each
// target module (and the SDK client or driver it uses) is loaded on first use: the bundle keeps
// them lazy, so a cold start only evaluates what the function's mappings need.
import type {Mapping, TargetType} from '../mapping/schema.js'
import type {DeliveryContext, Target, TargetFactory} from './target.js'

export type FactoryLoader = () => Promise<TargetFactory>

export const TARGET_FACTORY_LOADERS: Record<TargetType, FactoryLoader> = {
  es: async () => (await import('./es.js')).createEsTarget,
  firehose: async () => (await import('./firehose.js')).createFirehoseTarget,
  iot: async () => (await import('./iot.js')).createIotTarget,
  kinesis: async () => (await import('./kinesis.js')).createKinesisTarget,
  lambda: async () => (await import('./lambda.js')).createLambdaTarget,
  memcached: async () => (await import('./memcached.js')).createMemcachedTarget,
  redis: async () => (await import('./redis.js')).createRedisTarget,
  sns: async () => (await import('./sns.js')).createSnsTarget,
  sqs: async () => (await import('./sqs.js')).createSqsTarget,
}

export interface TargetRegistry {
  targetFor(mapping: Mapping): Target
}

/** A target that loads its module on first delivery and builds the real target once. */
function lazyTarget(load: FactoryLoader, mapping: Mapping): Target {
  let target: Promise<Target> | undefined
  return {
    async deliver(records, context: DeliveryContext) {
      target ??= load().then((factory) => factory(mapping))
      target.catch(() => (target = undefined))
      return (await target).deliver(records, context)
    },
  }
}

export function createTargetRegistry(loaders: Record<TargetType, FactoryLoader> = TARGET_FACTORY_LOADERS): TargetRegistry {
  const built = new Map<string, {row: string; target: Target}>()
  return {
    targetFor(mapping) {
      const key = `${mapping.sourceArn}\n${mapping.id}`
      const row = JSON.stringify(mapping)
      const cached = built.get(key)
      if (cached && cached.row === row) return cached.target
      const target = lazyTarget(loaders[mapping.type], mapping)
      built.set(key, {row, target})
      return target
    },
  }
}
