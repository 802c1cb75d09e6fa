// Flags of hook (event source mapping settings).
import {Flags} from '@oclif/core'
import {STARTING_POSITIONS} from './settings.js'

export const hookSettingFlags = {
  'batch-size': Flags.integer({description: 'Records per invocation (Lambda default 100, up to 10000).', max: 10_000, min: 1}),
  'batching-window': Flags.integer({description: 'Seconds to gather records before invoking (0-300).', max: 300, min: 0}),
  'bisect-batch-on-error': Flags.boolean({allowNo: true, description: 'Split a failing batch in two and retry each half.'}),
  'maximum-record-age': Flags.integer({description: 'Skip records older than this many seconds (-1 = no limit, 60-604800).', min: -1}),
  'maximum-retry-attempts': Flags.integer({description: 'Retries of a failing batch (-1 = until the record expires, 0-10000).', max: 10_000, min: -1}),
  'on-failure': Flags.string({description: 'ARN of an SQS queue, SNS topic or S3 bucket that receives what is given up.'}),
  'parallelization-factor': Flags.integer({description: 'Concurrent batches per shard (1-10).', max: 10, min: 1}),
  'starting-position': Flags.string({description: 'Where a new mapping starts reading (default LATEST).', options: [...STARTING_POSITIONS]}),
  'starting-position-timestamp': Flags.string({description: 'With AT_TIMESTAMP: ISO 8601 time or epoch seconds.'}),
}
