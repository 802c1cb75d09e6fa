import {Flags} from '@oclif/core'
import {BaseCommand, baseFlagsHiding} from '../base-command.js'
import {sourceFlags} from '../cli/flags.js'
import {UserError} from '../errors.js'
import {resolveSourceArn} from '../sources/resolve-source.js'
import {FORMATS, type Format} from '../tail/format.js'
import {arnText} from '../tail/shard-source.js'
import {describeStart, parseStartPosition} from '../tail/start-position.js'
import type {Mapping} from '../../runtime/mapping/schema.js'
import {useColor} from '../ui/color.js'

export default class Tail extends BaseCommand<typeof Tail> {
  static override description = `Watch a Kinesis stream or a DynamoDB stream live: every shard, including shards created by resharding, until Ctrl-C.

KPL-aggregated records are shown as their user records; DynamoDB records with their event name, keys and images. With --target ID, shows what the fan-out would send to that mapping instead (nothing is sent).`

  static override examples = [
    '<%= config.bin %> tail --source-type kinesis --source orders',
    '<%= config.bin %> tail --source-type kinesis --source orders --from trim-horizon --no-follow --format json',
    '<%= config.bin %> tail --source-type kinesis --source orders --since 10m --max 20',
    '<%= config.bin %> tail --source-type dynamodb --source Customers --convert-ddb',
    '<%= config.bin %> tail --source-type kinesis --source orders --target to-sqs',
  ]

  static override baseFlags = baseFlagsHiding('yes')

  static override flags = {
    ...sourceFlags,
    'convert-ddb': Flags.boolean({allowNo: true, description: 'Show DynamoDB keys and images as plain JSON (sets as arrays, numbers as numbers).'}),
    deaggregate: Flags.boolean({
      allowNo: true,
      default: true,
      description: 'Split KPL-aggregated records into their user records (--no-deaggregate shows the aggregates).',
    }),
    follow: Flags.boolean({allowNo: true, default: true, description: 'Keep waiting for new records (--no-follow stops at the tip of every shard).'}),
    format: Flags.string({default: 'pretty', description: 'pretty (for people), json (one object per line), raw (the data only).', options: [...FORMATS]}),
    from: Flags.string({
      description: 'Where to start: latest (default: new records only), trim-horizon (the oldest kept), or an ISO 8601 time.',
      exclusive: ['since'],
    }),
    max: Flags.integer({description: 'Stop after this many records.', min: 1}),
    since: Flags.string({description: 'Start this long ago: 30s, 10m, 2h, 1d (same as --from <that time>).', exclusive: ['from']}),
    target: Flags.string({description: 'Mapping id: show what the fan-out would send to it for each record (read from the table; nothing is sent).'}),
  }

  async run(): Promise<void> {
    const {flags} = this
    const start = parseStartPosition({from: flags.from, since: flags.since})
    const arn = await resolveSourceArn(flags, this.aws)
    const target = flags.target ? await this.readMapping(arnText(arn), flags.target) : undefined
    const [{openShardSource, tailStream}] = await Promise.all([import('../tail/tail-service.js')])
    const source = await openShardSource(arn, this.aws, {byArn: Boolean(flags['source-arn'])})

    const stop = new AbortController()
    const interrupt = () => {
      if (stop.signal.aborted) process.exit(130)
      stop.abort()
    }
    process.on('SIGINT', interrupt)
    process.on('SIGTERM', interrupt)
    // `tail ... | head` closes the pipe: stop quietly.
    process.stdout.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') stop.abort()
    })

    if (process.stderr.isTTY) {
      this.note(`Following ${source.label} from ${describeStart(start)}${flags.follow ? '; Ctrl-C to stop' : ' up to its newest record'}`)
    }
    try {
      await tailStream(
        source,
        {
          color: useColor(process.stdout),
          convertDDB: flags['convert-ddb'],
          deaggregate: flags.deaggregate,
          follow: flags.follow,
          format: flags.format as Format,
          max: flags.max,
          start,
          target,
        },
        {
          note: (message) => this.note(message),
          write: (text) => void process.stdout.write(text + '\n'),
        },
        stop.signal,
      )
    } finally {
      process.off('SIGINT', interrupt)
      process.off('SIGTERM', interrupt)
    }
  }

  private async readMapping(sourceArn: string, id: string): Promise<Mapping> {
    const {MappingTable} = await import('../mappings/mapping-table.js')
    const row = await new MappingTable(this.aws, this.tableName).get(sourceArn, id)
    if (!row) {
      throw new UserError(`Mapping '${id}' not found for ${sourceArn} in table '${this.tableName}'`, {
        suggestion: 'list them with `kinesis-fanout list`',
      })
    }
    if (!row.parsed.ok) throw new UserError(`Mapping '${id}' is invalid: ${row.parsed.reason}`, {suggestion: 'fix it with `kinesis-fanout update`'})
    if (!row.parsed.mapping.active) this.note(`Note: mapping '${id}' is inactive: the fan-out sends it nothing until it is activated`)
    return row.parsed.mapping
  }
}
