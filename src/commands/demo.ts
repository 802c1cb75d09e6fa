import {AWS_GLOBAL_FLAGS, BaseCommand, baseFlagsHiding} from '../base-command.js'
import {BUNDLE_PATH} from '../package/deploy-zip.js'
import type {DemoSummary} from '../demo/run-demo.js'
import {useColor} from '../ui/color.js'

export default class Demo extends BaseCommand<typeof Demo> {
  static override description = `Run the whole fan-out pipeline on this machine, with no AWS account and no setup.

Starts embedded Kinesis and DynamoDB emulators on loopback, creates a source stream, destination streams and the configuration table, registers mappings, puts sample records (plain and KPL-aggregated), runs the packaged fan-out function on them as the event source mapping would, shows what arrived at each destination, and cleans up.`

  // The demo's emulators are its own: no AWS flag applies (accepted, not shown).
  static override baseFlags = baseFlagsHiding(...AWS_GLOBAL_FLAGS, 'yes')

  static override enableJsonFlag = true

  static override examples = ['<%= config.bin %> demo', '<%= config.bin %> demo --json']

  async run(): Promise<DemoSummary> {
    const {renderSummary, runDemo} = await import('../demo/run-demo.js')
    const {painter} = await import('../tail/format.js')
    const quiet = this.jsonEnabled()
    const color = useColor(process.stdout)
    const summary = await runDemo({
      bundlePath: BUNDLE_PATH,
      color,
      onFunctionLog: this.flags.debug ? (line) => process.stderr.write(`[function] ${line}\n`) : undefined,
      quiet,
      write: (line) => this.log(line),
    })
    if (!quiet) for (const line of renderSummary(summary, painter(color))) this.log(line)
    return summary
  }
}
