// The Lambda handler: one processor per container (mapping cache, targets and clients, open
// circuits stay warm across invocations), configured from the environment. After a large batch the
// heap is collected between invocations (runtime/collect-garbage.ts).
import {collectAfterInvocation} from './collect-garbage.js'
import {readSettings} from './config/settings.js'
import {createMappingStore} from './config/mapping-store.js'
import {DeliveredMemory} from './delivery/delivered-memory.js'
import {createLogger} from './log.js'
import {createMetricsSink, createSourceMetricsSink} from './metrics.js'
import {Circuits} from './parking/circuit.js'
import {createS3ParkStore} from './parking/s3-park-store.js'
import {processEvent, type BatchResponse, type LambdaContext, type ProcessorDeps} from './processor.js'
import {createTargetRegistry} from './targets/registry.js'

export function createHandler(env: NodeJS.ProcessEnv = process.env): (event: unknown, context?: LambdaContext) => Promise<BatchResponse> {
  const settings = readSettings(env)
  const log = createLogger()
  const deps: ProcessorDeps = {
    configTimeoutMs: settings.configTimeoutMs,
    log,
    memory: new DeliveredMemory(),
    metrics: createMetricsSink(settings.metricsNamespace),
    // FANOUT_PARKING_BUCKET: park what a target cannot take instead of blocking the source.
    ...(settings.parkingBucket
      ? {parking: {circuits: new Circuits(), defaultParkAfterSeconds: settings.parkAfterSeconds, store: createS3ParkStore(settings.parkingBucket)}}
      : {}),
    registry: createTargetRegistry(),
    sourceMetrics: createSourceMetricsSink(settings.metricsNamespace),
    store: createMappingStore({log, tableName: settings.tableName, ttlMs: settings.configTtlMs}),
  }
  return async (event, context) => {
    try {
      return await processEvent(event, context, deps)
    } finally {
      collectAfterInvocation()
    }
  }
}
