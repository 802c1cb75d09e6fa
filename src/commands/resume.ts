import {BaseCommand} from '../base-command.js'
import {sourceFlags} from '../cli/flags.js'
import {resolveSourceArn} from '../sources/resolve-source.js'
import {arnText, requireEventSourceMappings} from '../event-sources/find.js'
import {Progress} from '../ui/progress.js'

export default class Resume extends BaseCommand<typeof Resume> {
  static override description = 'Start reading a paused source again (enables its event source mapping). Fails when the source is not hooked.'

  static override enableJsonFlag = true

  static override examples = ['<%= config.bin %> resume --source-type kinesis --source orders']

  static override flags = {...sourceFlags}

  async run(): Promise<unknown> {
    const sourceArn = arnText(await resolveSourceArn(this.flags, this.aws))
    const functionName = this.functionName
    const progress = new Progress({quiet: this.jsonEnabled()})
    // Found before anything changes: a source that is not hooked is refused with one line.
    const found = await progress.spin('Finding the event source mapping', () => requireEventSourceMappings(this.aws, functionName, sourceArn))
    const {setEventSourceEnabled} = await import('../event-sources/set-enabled.js')
    const result = await progress.step(`Resuming ${sourceArn} -> ${functionName}`, () =>
      setEventSourceEnabled(this.aws, {enabled: true, found, functionName, sourceArn}),
    )
    for (const mapping of result.mappings) {
      this.log(mapping.changed ? `Resumed: ${sourceArn} -> ${functionName} (mapping ${mapping.uuid}, ${mapping.state})` : `Nothing to change: mapping ${mapping.uuid} is already active (${mapping.state})`)
    }
    return {...result, functionName, sourceArn}
  }
}
