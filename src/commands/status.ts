import {Flags} from '@oclif/core'
import {BaseCommand, baseFlagsHiding} from '../base-command.js'
import {sourceFlags} from '../cli/flags.js'
import {UserError} from '../errors.js'
import {hasSourceSelection, resolveSourceArn} from '../source-lookup/resolve-source.js'
import {arnText} from '../tail/shard-source.js'
import {parseDuration} from '../tail/start-position.js'
import type {StatusReport} from '../status/collect.js'
import {useColor} from '../ui/color.js'

export default class Status extends BaseCommand<typeof Status> {
  static override description = `The whole fan-out at a glance: the function, each hooked source (event source mapping state, consumer, iterator age), each mapping with its Delivered, Failed, Parked, Skipped and Filtered sums over --since (a sparkline at a terminal), the parked backlog, and the problems found.

Problems: invalid rows, destinations that do not exist, a role policy that differs from what deploy would write, sources with mappings but no hook, hooked sources without an active mapping, a deprecated runtime. --check exits 1 when there is one (for scripts and alarms). Everything is read-only; the IAM permissions it needs are in docs/status.md.`

  static override enableJsonFlag = true

  static override examples = [
    '<%= config.bin %> status',
    '<%= config.bin %> status --since 24h --json',
    '<%= config.bin %> status --source-type kinesis --source orders --watch',
    '<%= config.bin %> status --check || echo "the fan-out needs attention"',
  ]

  static override baseFlags = baseFlagsHiding('yes')

  static override flags = {
    ...sourceFlags,
    check: Flags.boolean({description: 'Exit 1 when a problem is listed (0 otherwise).'}),
    interval: Flags.integer({default: 5, description: 'With --watch: seconds between redraws.', min: 1}),
    'parking-bucket': Flags.string({description: 'Parking bucket to count the parked backlog in (default: the function\'s FANOUT_PARKING_BUCKET).'}),
    since: Flags.string({default: '1h', description: 'Window of the metric sums: 30m, 1h, 24h, 7d.'}),
    watch: Flags.boolean({description: 'Redraw every few seconds until Ctrl-C.'}),
  }

  async run(): Promise<StatusReport> {
    const {flags} = this
    const sinceMs = parseDuration(flags.since)
    if (sinceMs === undefined || sinceMs < 60_000) throw new UserError(`Invalid --since '${flags.since}': expected a duration of at least a minute, such as 30m, 1h or 7d`, {exitCode: 2})
    const sourceArn = hasSourceSelection(flags) ? arnText(await resolveSourceArn(flags, this.aws)) : undefined
    const [{collectStatus}, {renderStatus}] = await Promise.all([import('../status/collect.js'), import('../status/render.js')])
    const packagedSha256 = await this.packagedSha256()
    const terminal = Boolean(process.stdout.isTTY)
    const collect = () =>
      collectStatus(this.aws, {functionName: this.functionName, packagedSha256, parkingBucket: flags['parking-bucket'], sinceMs, sourceArn, tableName: this.tableName})
    const show = (view: Awaited<ReturnType<typeof collect>>) =>
      renderStatus(view, {color: useColor(process.stdout), sinceText: flags.since, terminal})

    if (flags.watch) {
      let stopped = false
      const stop = () => (stopped = true)
      process.once('SIGINT', stop)
      while (!stopped) {
        const view = await collect()
        if (this.jsonEnabled()) process.stdout.write(JSON.stringify(view.report) + '\n')
        else {
          // Redraw in place at a terminal; in a pipe, one report after the other.
          process.stdout.write(`${terminal ? '\u001B[2J\u001B[H' : ''}${show(view)}\n${terminal ? `\nRedrawn every ${flags.interval} s (${new Date().toISOString()}); Ctrl-C to stop\n` : '\n'}`)
        }
        const wait = Date.now() + flags.interval * 1000
        while (!stopped && Date.now() < wait) await new Promise((resolve) => setTimeout(resolve, 100))
      }
      process.exit(0)
    }

    const view = await collect()
    if (!this.jsonEnabled()) this.log(show(view))
    if (flags.check && view.report.problems.length > 0) {
      // After the report (stdout), one line on stderr and exit 1.
      if (this.jsonEnabled()) this.logJson(view.report)
      const count = view.report.problems.length
      throw new UserError(`status --check: ${count} problem${count === 1 ? '' : 's'} listed (${[...new Set(view.report.problems.map((p) => p.kind))].join(', ')})`)
    }
    return view.report
  }

  /** Base64 SHA-256 of the zip this version deploys (what Lambda reports as CodeSha256); undefined when the bundle is missing. */
  private async packagedSha256(): Promise<string | undefined> {
    try {
      const {buildDeployZip} = await import('../package/deploy-zip.js')
      return (await buildDeployZip()).sha256
    } catch {
      return undefined
    }
  }
}
