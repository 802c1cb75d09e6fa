import {Flags} from '@oclif/core'
import {BaseCommand, baseFlagsHiding} from '../base-command.js'
import {sourceFlags} from '../cli/flags.js'
import {UserError} from '../errors.js'
import {resolveSourceArn} from '../source-lookup/resolve-source.js'
import {sourceOrAsk} from '../event-sources/ask-source.js'
import {anyCaseOption} from '../event-sources/hook-flags.js'
import {FORMATS, type Format} from '../tail/format.js'
import {arnText} from '../tail/shard-source.js'
import {describeStart, parseStartPosition} from '../tail/start-position.js'
import type {Mapping} from '../../runtime/mapping/schema.js'
import {useColor} from '../ui/color.js'

const NO_FOLLOW_SINCE = '10m'

/** A pattern flag: JSON text, or @FILE. */
async function readPatternFlag(value: string): Promise<string> {
  if (!value.startsWith('@')) return value
  const {readFile} = await import('node:fs/promises')
  try {
    return await readFile(value.slice(1), 'utf8')
  } catch (error) {
    throw new UserError(`Cannot read --filter file '${value.slice(1)}': ${(error as Error).message}`, {exitCode: 2})
  }
}

export default class Tail extends BaseCommand<typeof Tail> {
  static override description = `Watch a Kinesis stream or a DynamoDB stream live: every shard, including shards created by resharding, until Ctrl-C.

KPL-aggregated records are shown as their user records; DynamoDB records with their event name, keys and images. With --target ID, shows what the fan-out would send to that mapping instead (nothing is sent); --filter PATTERN shows only the records an event pattern matches, with the function's own matcher.

tail is a polite reader of a shared stream: at most 1 GetRecords call per second per shard and 1 MB/s per shard (half the shard's read capacity, averaged over any 2 s), no single answer over 2 MB; --fast allows 4 calls per second and the whole 2 MB/s. --no-follow without --from or --since reads the last 10 minutes.`

  static override examples = [
    '<%= config.bin %> tail --source-type kinesis --source orders',
    '<%= config.bin %> tail --source-type kinesis --source orders --from trim-horizon --no-follow --format json',
    '<%= config.bin %> tail --source-type kinesis --source orders --since 10m --max 20',
    '<%= config.bin %> tail --source-type dynamodb --source Customers --convert-ddb',
    '<%= config.bin %> tail --source-type kinesis --source orders --target to-sqs',
    `<%= config.bin %> tail --source-type kinesis --source orders --filter '{"data":{"type":["order"]}}' --json`,
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
    fast: Flags.boolean({description: 'Read faster while catching up: 4 GetRecords calls/s and the shard\'s whole 2 MB/s (leaves less to the other readers).'}),
    filter: Flags.string({description: 'Show only records this event pattern matches (JSON text, or @FILE): the same matcher and document as a mapping\'s filter.'}),
    follow: Flags.boolean({
      allowNo: true,
      default: true,
      description: 'Keep waiting for new records (--no-follow stops at the tip of every shard; without --from or --since it reads the last 10 minutes).',
    }),
    format: anyCaseOption(FORMATS, {default: 'pretty', description: 'pretty (for people), json (one object per line), raw (the data only).', exclusive: ['json']}),
    from: Flags.string({
      description: 'Where to start: latest (default: new records only), trim-horizon (the oldest kept), or an ISO 8601 time (any case).',
      exclusive: ['since'],
    }),
    json: Flags.boolean({description: 'Same as --format json: one JSON object per line.', exclusive: ['format']}),
    max: Flags.integer({description: 'Stop after this many records.', min: 1}),
    since: Flags.string({description: 'Start this long ago: 30s, 10m, 2h, 1d (same as --from <that time>).', exclusive: ['from']}),
    target: Flags.string({description: 'Mapping id: show what the fan-out would send to it for each record (read from the table; nothing is sent).'}),
  }

  async run(): Promise<void> {
    const {flags} = this
    // As `aws logs tail`: --no-follow with no start reads the last 10 minutes (not "new records", which is nothing).
    const start = parseStartPosition({from: flags.from, since: flags.since ?? (flags.follow || flags.from !== undefined ? undefined : NO_FOLLOW_SINCE)})
    const format: Format = flags.json ? 'json' : (flags.format as Format)
    if (flags.filter && flags.target) throw new UserError('Give --filter or --target, not both (--target applies the mapping\'s own filter)', {exitCode: 2})
    const filterText = flags.filter === undefined ? undefined : await readPatternFlag(flags.filter)
    // An invalid pattern is a usage error, refused before any AWS call.
    const filter = filterText === undefined ? undefined : await (await import('../tail/record-filter.js')).tailFilter(filterText, {convertDDB: flags['convert-ddb']})
    const selection = await sourceOrAsk(flags, this.aws, {interactive: this.interactive, message: 'Tail which source?'})
    const arn = await resolveSourceArn(selection, this.aws)
    const target = flags.target ? await this.readMapping(arnText(arn), flags.target) : undefined
    const [{openShardSource, tailStream}] = await Promise.all([import('../tail/tail-service.js')])
    const source = await openShardSource(arn, this.aws, {byArn: Boolean(selection['source-arn'])})

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

    const [{describePacing}, {tailPacing}] = await Promise.all([import('../tail/pacing.js'), import('../tail/tail-service.js')])
    if (process.stderr.isTTY) {
      const how = describePacing(tailPacing(source, {fast: flags.fast}))
      this.note(`Following ${source.label} from ${describeStart(start)}${flags.follow ? '; Ctrl-C to stop' : ' up to its newest record'} (${how})`)
    }
    try {
      await tailStream(
        source,
        {
          color: useColor(process.stdout),
          convertDDB: flags['convert-ddb'],
          deaggregate: flags.deaggregate,
          fast: flags.fast,
          filter,
          follow: flags.follow,
          format,
          max: flags.max,
          start,
          target,
        },
        {
          note: (message) => this.note(message),
          progress: process.stderr.isTTY ? (line) => this.note(line) : undefined,
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
