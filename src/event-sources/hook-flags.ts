// Flags of hook (event source mapping settings).
import {Flags} from '@oclif/core'
import {STARTING_POSITIONS} from './settings.js'

const fold = (value: string): string => value.toLowerCase().replaceAll('_', '-')

/**
 * A string flag whose value is one of `values` in any case (`latest`, `LATEST`; `trim_horizon`,
 * `trim-horizon`), given to the command in its canonical spelling. oclif's own `options` compares
 * exactly, so the check is done here (a bad value is still a usage error, exit 2).
 */
export function anyCaseOption(values: readonly string[], flag: {description: string; default?: string; exclusive?: string[]}) {
  return Flags.string({
    ...flag,
    helpValue: values.join('|'),
    async parse(input, _context, options) {
      const found = values.find((value) => fold(value) === fold(input))
      if (!found) throw new Error(`Expected --${options.name} to be one of: ${values.join(', ')} (any case); got '${input}'`)
      return found
    },
  })
}

export const hookSettingFlags = {
  'batch-size': Flags.integer({description: 'Records per invocation (Lambda default 100, up to 10000).', max: 10_000, min: 1}),
  'batching-window': Flags.integer({description: 'Seconds to gather records before invoking (0-300).', max: 300, min: 0}),
  'bisect-batch-on-error': Flags.boolean({allowNo: true, description: 'Split a failing batch in two and retry each half.'}),
  consumer: Flags.string({
    description:
      'Kinesis only: read through this enhanced fan-out consumer (dedicated 2 MB/s per shard): registered when missing (tagged so unhook deregisters it), reused when it exists.',
  }),
  'consumer-timeout': Flags.integer({description: 'Seconds to wait for a new consumer to become ACTIVE (default 120).', min: 1}),
  'maximum-record-age': Flags.integer({description: 'Skip records older than this many seconds (-1 = no limit, 60-604800).', min: -1}),
  'maximum-retry-attempts': Flags.integer({description: 'Retries of a failing batch (-1 = until the record expires, 0-10000).', max: 10_000, min: -1}),
  'on-failure': Flags.string({description: 'ARN of an SQS queue, SNS topic or S3 bucket that receives what is given up.'}),
  'parallelization-factor': Flags.integer({description: 'Concurrent batches per shard (1-10).', max: 10, min: 1}),
  'starting-position': anyCaseOption(STARTING_POSITIONS, {description: 'Where a new mapping starts reading (default LATEST; AT_TIMESTAMP: Kinesis only). Any case.'}),
  'starting-position-timestamp': Flags.string({description: 'With AT_TIMESTAMP: ISO 8601 time or epoch seconds.'}),
}
