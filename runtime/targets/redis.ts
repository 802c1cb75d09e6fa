// Placeholder until the redis target lands: every record is reported failed (Lambda retries them).
import type {Target, TargetFactory} from './target.js'

export const createRedisTarget: TargetFactory = (): Target => ({
  async deliver(records, context) {
    context.log.error('target type redis not available', {mapping: context.mapping.id})
    return {calls: 0, delivered: 0, failed: records, retried: 0, skipped: []}
  },
})
