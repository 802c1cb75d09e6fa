// Target type -> driver factory, and the drivers built for the mappings in use: a mapping's driver
// is built once and reused while its row is unchanged (clients and connections stay warm). Each
// target module (and the SDK client or driver it uses) is loaded on first use: the bundle keeps
// them lazy, so a cold start only evaluates what the function's mappings need.
import type {Mapping, TargetType} from '../mapping/schema.js'
import {runDriver} from '../delivery/deliver-mapping.js'
import {rowVersionKey} from '../mapping/row-key.js'
import type {DriverFactory, Target, TargetDriver} from './target.js'
// Every target module imports these two: imported here too, the bundle keeps them in index.mjs
// instead of two tiny chunks that each cold start would read after the first target module.
import './names.js'
import './target.js'

export type FactoryLoader = () => Promise<DriverFactory>

export const TARGET_FACTORY_LOADERS: Record<TargetType, FactoryLoader> = {
  es: async () => (await import('./es.js')).createEsDriver,
  firehose: async () => (await import('./firehose.js')).createFirehoseDriver,
  iot: async () => (await import('./iot.js')).createIotDriver,
  kinesis: async () => (await import('./kinesis.js')).createKinesisDriver,
  lambda: async () => (await import('./lambda.js')).createLambdaDriver,
  memcached: async () => (await import('./memcached.js')).createMemcachedDriver,
  redis: async () => (await import('./redis.js')).createRedisDriver,
  sns: async () => (await import('./sns.js')).createSnsDriver,
  sqs: async () => (await import('./sqs.js')).createSqsDriver,
}

export interface TargetRegistry {
  targetFor(mapping: Mapping): Target
  /** The mapping's driver (loaded and built on first use). */
  driverFor(mapping: Mapping): Promise<TargetDriver>
}

export function createTargetRegistry(loaders: Record<TargetType, FactoryLoader> = TARGET_FACTORY_LOADERS): TargetRegistry {
  const built = new Map<string, {row: string; driver: Promise<TargetDriver>; target: Target}>()
  const entry = (mapping: Mapping) => {
    const key = `${mapping.sourceArn}\n${mapping.id}`
    const row = rowVersionKey(mapping)
    const cached = built.get(key)
    if (cached && cached.row === row) return cached
    const driver = loaders[mapping.type]().then((factory) => factory(mapping))
    const made = {
      driver,
      row,
      target: {deliver: async (records, context) => runDriver(await made.driver, records, context)} as Target,
    }
    // A module that failed to load (or a driver that failed to build) is tried again next time.
    driver.catch(() => built.get(key) === made && built.delete(key))
    built.set(key, made)
    return made
  }
  return {
    driverFor: (mapping) => entry(mapping).driver,
    targetFor: (mapping) => entry(mapping).target,
  }
}
