// Placeholder until the memcached target lands: every record is reported failed (Lambda retries them).
import type {Target, TargetFactory} from './target.js'

export const createMemcachedTarget: TargetFactory = (): Target => ({
  async deliver(records, context) {
    context.log.error('target type memcached not available', {mapping: context.mapping.id})
    return {calls: 0, delivered: 0, failed: records, retried: 0, skipped: []}
  },
})
