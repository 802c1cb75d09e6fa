import {Flags} from '@oclif/core'
import {BaseCommand, baseFlagsHiding} from '../base-command.js'
import {sourceFlags} from '../cli/flags.js'
import {BUNDLE_PATH} from '../package/deploy-zip.js'
import {resolveSourceArn} from '../source-lookup/resolve-source.js'
import {describeStart, parseStartPosition} from '../tail/start-position.js'
import type {TargetTotals} from '../local-run/function-log.js'
import type {LocalRunJson} from '../results.js'

export default class LocalRun extends BaseCommand<typeof LocalRun> {
  static override description = `Run the fan-out function on this machine against a real stream, before hooking it to Lambda.

Reads every shard as the event source mapping would (GetRecords per shard, batches of --batch-size), invokes the packaged function (the same bundle deploy uploads) with Lambda-shaped events, and honours its batchItemFailures by reading again from the earliest failed record. Records really are delivered to the mappings' destinations, read from the configuration table (--table/--function). Nothing is checkpointed: each run starts at --from.`

  static override enableJsonFlag = true

  static override examples = [
    '<%= config.bin %> local-run --source-type kinesis --source orders',
    '<%= config.bin %> local-run --source-type kinesis --source orders --from trim-horizon --no-follow',
    '<%= config.bin %> local-run --source-type dynamodb --source Customers --since 1h --table fanoutTargets',
  ]

  static override baseFlags = baseFlagsHiding('yes')

  static override flags = {
    ...sourceFlags,
    'batch-size': Flags.integer({default: 100, description: 'Records per invocation (the event source mapping\'s BatchSize).', max: 10_000, min: 1}),
    bundle: Flags.string({description: 'The runtime bundle to run (default: the one this CLI deploys).', hidden: true}),
    follow: Flags.boolean({allowNo: true, default: true, description: 'Keep waiting for new records (--no-follow stops at the tip of every shard).'}),
    from: Flags.string({description: 'Where to start: latest (default), trim-horizon, or an ISO 8601 time.', exclusive: ['since']}),
    'max-attempts': Flags.integer({default: 3, description: 'Invocations of a failing batch before stopping.', min: 1}),
    since: Flags.string({description: 'Start this long ago: 30s, 10m, 2h, 1d.', exclusive: ['from']}),
    timeout: Flags.integer({default: 60, description: 'Function timeout in seconds given to each invocation.', min: 1}),
    verbose: Flags.boolean({char: 'v', description: 'Show every log line of the function (default: warnings and errors).'}),
  }

  async run(): Promise<LocalRunJson> {
    const {flags} = this
    const start = parseStartPosition({from: flags.from, since: flags.since})
    const arn = await resolveSourceArn(flags, this.aws)
    const [{openShardSource}, {startHandlerHost}, {runLocally}, {addMetrics, parseFunctionLog}, {arnText}] = await Promise.all([
      import('../tail/tail-service.js'),
      import('../local-run/handler-host.js'),
      import('../local-run/local-runner.js'),
      import('../local-run/function-log.js'),
      import('../tail/shard-source.js'),
    ])
    const source = await openShardSource(arn, this.aws, {byArn: Boolean(flags['source-arn'])})
    const totals = new Map<string, TargetTotals>()
    const quiet = this.jsonEnabled()
    const host = await startHandlerHost({
      bundlePath: flags.bundle ?? BUNDLE_PATH,
      env: {
        AWS_LAMBDA_FUNCTION_NAME: this.functionName,
        FANOUT_TABLE: this.tableName,
        ...(this.aws.region ? {AWS_DEFAULT_REGION: this.aws.region, AWS_REGION: this.aws.region} : {}),
        ...(flags.profile ? {AWS_PROFILE: flags.profile} : {}),
        ...(flags['endpoint-url'] ? {AWS_ENDPOINT_URL: flags['endpoint-url']} : {}),
      },
      functionName: this.functionName,
      onLog: (line) => {
        const parsed = parseFunctionLog(line)
        addMetrics(totals, parsed)
        const shown = flags.verbose || (parsed.kind === 'log' && (parsed.level === 'warn' || parsed.level === 'error')) || parsed.kind === 'text'
        if (shown && !quiet) process.stderr.write(`[function] ${line}\n`)
      },
    })

    const stop = new AbortController()
    const interrupt = () => (stop.signal.aborted ? process.exit(130) : stop.abort())
    process.on('SIGINT', interrupt)
    process.on('SIGTERM', interrupt)
    this.note(`Running the fan-out (table ${this.tableName}) on ${source.label} from ${describeStart(start)}${flags.follow ? '; Ctrl-C to stop' : ''}`)
    try {
      const summary = await runLocally(source, host, {
        batchSize: flags['batch-size'],
        follow: flags.follow,
        maxAttempts: flags['max-attempts'],
        onInvoke: (report) => {
          const outcome = report.retryFrom
            ? `failed from ${report.retryFrom}${report.error ? ` (${report.error})` : ''}: reading again from there`
            : 'ok'
          this.note(`${report.shardId}: ${report.records} records, ${outcome} (${report.durationMs} ms)`)
        },
        onNote: (message) => this.note(message),
        signal: stop.signal,
        start,
        timeoutMs: flags.timeout * 1000,
      })
      // Log lines travel from the worker asynchronously: let the last ones arrive.
      await new Promise((resolve) => setTimeout(resolve, 50))
      const mappings = Object.fromEntries(totals)
      if (!quiet) {
        this.log(`${summary.records} records handled in ${summary.invocations} invocations (${summary.retries} retried) over ${summary.shards} shards`)
        for (const [id, counts] of totals) {
          this.log(`  ${id}: ${counts.delivered} delivered, ${counts.failed} failed, ${counts.skipped} skipped`)
        }
      }
      return {...summary, mappings, source: arnText(arn), table: this.tableName}
    } finally {
      process.off('SIGINT', interrupt)
      process.off('SIGTERM', interrupt)
      await host.close()
    }
  }
}
