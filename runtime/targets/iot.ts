// Placeholder until the iot target lands: every record is reported failed (Lambda retries them).
import type {Target, TargetFactory} from './target.js'

export const createIotTarget: TargetFactory = (): Target => ({
  async deliver(records, context) {
    context.log.error('target type iot not available', {mapping: context.mapping.id})
    return {calls: 0, delivered: 0, failed: records, retried: 0, skipped: []}
  },
})
