// Placeholder until the es target lands: every record is reported failed (Lambda retries them).
import type {Target, TargetFactory} from './target.js'

export const createEsTarget: TargetFactory = (): Target => ({
  async deliver(records, context) {
    context.log.error('target type es not available', {mapping: context.mapping.id})
    return {calls: 0, delivered: 0, failed: records, retried: 0, skipped: []}
  },
})
