import {Flags} from '@oclif/core'
import {BaseCommand} from '../base-command.js'
import {sourceFlags} from '../cli/flags.js'
import {UsageError, UserError} from '../errors.js'
import {sourceSelection} from '../mappings/command-support.js'
import {sourceArnOf} from '../mappings/source-arn.js'
import {hasSourceSelection} from '../source-lookup/resolve-source.js'
import {Progress} from '../ui/progress.js'
import {withoutCallSpinner} from '../ui/call-spinner.js'
import {counted} from '../parking/render.js'
import type {ReplayJson} from '../results.js'

export default class Replay extends BaseCommand<typeof Replay> {
  static override description = `Send a mapping's parked records again, oldest first, through the function's own target code (the mapping's current destination, collapse, limits, role and region), from this machine.

Each object is deleted once every record in it was delivered, so an interrupted replay resumes where it stopped; replay stops at the first object that cannot be delivered and says what is left. Exit 0 only when nothing selected is left (--dry-run: 0 once it has listed). --to delivers into another mapping of the same source.`

  static override enableJsonFlag = true

  static override examples = [
    '<%= config.bin %> replay --source-type kinesis --source orders --id to-audit',
    '<%= config.bin %> replay --source-arn arn:aws:kinesis:eu-west-1:123456789012:stream/orders --id to-audit --since 2h --dry-run',
    '<%= config.bin %> replay --source-type kinesis --source orders --id old-queue --to new-queue --json',
  ]

  static override flags = {
    ...sourceFlags,
    'dry-run': Flags.boolean({description: 'Show what would be replayed and change nothing.'}),
    id: Flags.string({description: 'The mapping whose parked records are replayed (required).'}),
    'parking-bucket': Flags.string({description: 'The parking bucket (default: the FANOUT_PARKING_BUCKET of --function, else <function>-parked-<account>-<region>).'}),
    since: Flags.string({description: 'Only records parked at or after this time (ISO 8601, or a duration back from now: 30m, 2h, 7d).'}),
    to: Flags.string({description: 'Deliver into this other mapping of the same source instead.'}),
    until: Flags.string({description: 'Only records parked before this time (ISO 8601, or a duration back from now).'}),
  }

  async run(): Promise<ReplayJson> {
    const {flags} = this
    const [{locateParkingBucket}, {listParkedObjects, summarizeParked}, {parkingS3}, {parseTimeFlag}] = await Promise.all([
      import('../parking/locate-bucket.js'),
      import('../parking/listing.js'),
      import('../parking/s3-client.js'),
      import('../parking/times.js'),
    ])
    const since = parseTimeFlag('since', flags.since)
    const until = parseTimeFlag('until', flags.until)
    if (since && until && since >= until) throw new UsageError(`--since ${since.toISOString()} is not before --until ${until.toISOString()}`)
    const selection = sourceSelection(flags)
    let sourceArn = hasSourceSelection(selection) ? await sourceArnOf(selection, this.aws) : undefined
    let id = flags.id
    if (!this.interactive) {
      this.requireValues([
        ...(id ? [] : [{flag: '--id', what: 'the mapping whose parked records to replay'}]),
        ...(sourceArn ? [] : [{flag: '--source-arn', what: 'or --source-type with --source'}]),
      ])
    }
    const {bucket} = await locateParkingBucket(this.aws, {bucket: flags['parking-bucket'], functionName: this.functionName})
    const s3 = parkingS3(this.aws)
    if (!id || !sourceArn) {
      const rows = summarizeParked(await listParkedObjects(s3, bucket, {mappingId: id, sourceArn}))
      if (rows.length === 0) {
        this.log(`No parked records${id ? ` for mapping '${id}'` : ''} in bucket ${bucket}: nothing to replay.`)
        return {objects: 0, remaining: 0, replayed: 0}
      }
      const {askParkedMapping} = await import('../parking/choose.js')
      ;({id, sourceArn} = await askParkedMapping(rows, 'Replay the parked records of which mapping? (type to search)'))
    }
    const target = await this.targetMapping(sourceArn, flags.to ?? id)
    const {replayParked} = await import('../parking/replay.js')
    const {deliverToMapping} = await import('../parking/deliver.js')
    const {redactDestination, redactSecrets} = await import('../../runtime/mapping/redact.js')
    const {createLogger} = await import('../../runtime/log.js')
    const {useCommandSettingsForTargets} = await import('../parking/target-environment.js')
    const {replayProgress} = await import('../parking/replay-progress.js')
    useCommandSettingsForTargets(this.aws.settings)

    const quiet = this.jsonEnabled()
    const debug = this.argv.includes('--debug')
    // The target code logs JSON lines; here they go to stderr with --debug only (stdout is the result).
    const log = createLogger(debug ? 'debug' : 'error', (line) => debug && process.stderr.write(`${line}\n`))
    const into = `mapping '${target.id}' (${target.type} ${redactDestination(target.type, target.destination)})`
    const listed = await new Progress({quiet}).spin(`Listing parked records in ${bucket}`, () => listParkedObjects(s3, bucket, {mappingId: id, since, sourceArn, until}))
    const records = listed.reduce((sum, o) => sum + o.count, 0)
    const progress = await replayProgress(quiet || Boolean(flags['dry-run']), records, listed.length)
    const controller = new AbortController()
    const interrupt = () => controller.abort()
    process.once('SIGINT', interrupt)
    let result
    try {
      // The replay bar is the progress at a terminal: no per-call spinner drawn over it.
      result = await withoutCallSpinner(() => replayParked({
        bucket,
        deliver: deliverToMapping,
        dryRun: flags['dry-run'],
        log,
        objects: listed,
        onProgress: (p) => progress.update(p),
        s3,
        selection: {mappingId: id, since, sourceArn, until},
        signal: controller.signal,
        target,
      }))
    } finally {
      progress.stop()
      process.removeListener('SIGINT', interrupt)
    }
    const json = {objects: result.objects, remaining: result.remaining, replayed: result.replayed}
    const of = `mapping '${id}' of ${sourceArn}`
    if (result.selected.records === 0) {
      this.log(`No parked records for ${of}${since || until ? ' in that time range' : ''} (bucket ${bucket}): nothing to replay.`)
      return json
    }
    if (flags['dry-run']) {
      const times = `${result.planned![0].parkedAt.toISOString()} to ${result.planned!.at(-1)!.parkedAt.toISOString()}`
      this.log(`Would replay ${counted(result.selected.records, 'record')} in ${counted(result.selected.objects, 'object')} (parked ${times}) of ${of} into ${into}; nothing was sent.`)
      return json
    }
    const sent = `Replayed ${result.replayed} of ${result.selected.records} records (${result.objects} of ${result.selected.objects} objects deleted) of ${of} into ${into}.`
    if (!result.stopped) {
      this.log(sent)
      return json
    }
    this.log(sent)
    if (quiet) this.logJson(json)
    const left = `${counted(result.remaining, 'record')} (${counted(result.selected.objects - result.objects, 'object')}) still parked`
    // After the result (stdout), one line on stderr and a failing exit: something selected is left.
    if (result.stopped.reason === 'interrupted') throw new UserError(`replay interrupted: ${left}; run replay again to resume`, {exitCode: 130})
    throw new UserError(`replay stopped at ${result.stopped.key}: ${redactSecrets(result.stopped.reason, target.externalId ? [target.externalId] : [])}; ${left}; run replay again once the target takes them.`)
  }

  /** The mapping delivered into, from the table as it is now. */
  private async targetMapping(sourceArn: string, id: string) {
    const [{MappingTable}] = await Promise.all([import('../mappings/mapping-table.js')])
    const row = await new MappingTable(this.aws, this.tableName).get(sourceArn, id)
    const flag = this.flags.to ? '--to' : '--id'
    if (!row) {
      throw new UserError(`Mapping '${id}' (${flag}) not found for ${sourceArn} in table '${this.tableName}': replay sends through a mapping of the table`, {
        suggestion: this.flags.to ? 'check --to, or register that mapping first' : 'register it again, or deliver into another mapping with --to',
      })
    }
    if (!row.parsed.ok) throw new UserError(`Mapping '${id}' (${flag}) of ${sourceArn} is invalid: ${row.parsed.reason}`, {suggestion: 'fix it with `kinesis-fanout update`'})
    if (!row.parsed.mapping.active) this.note(`Mapping '${id}' is inactive: its parked records are replayed all the same.`)
    return row.parsed.mapping
  }
}
