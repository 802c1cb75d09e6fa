import {BaseCommand} from '../base-command.js'
import {sourceFlags} from '../cli/flags.js'
import {resolveSourceArn} from '../sources/resolve-source.js'
import {arnText, requireEventSourceMappings} from '../event-sources/find.js'
import {Progress} from '../ui/progress.js'

export default class Unhook extends BaseCommand<typeof Unhook> {
  static override description = 'Disconnect a source from the fan-out function (deletes its event source mapping). Fails when the source is not hooked.'

  static override enableJsonFlag = true

  static override examples = ['<%= config.bin %> unhook --source-type kinesis --source orders']

  static override flags = {...sourceFlags}

  async run(): Promise<unknown> {
    const sourceArn = arnText(await resolveSourceArn(this.flags, this.aws))
    const functionName = this.functionName
    const progress = new Progress({quiet: this.jsonEnabled()})
    // Found before anything changes: a source that is not hooked is refused with one line.
    const found = await progress.spin('Finding the event source mapping', () => requireEventSourceMappings(this.aws, functionName, sourceArn))
    const {unhookSource} = await import('../event-sources/unhook.js')
    const {deleted} = await progress.step(`Unhooking ${sourceArn} from ${functionName}`, () =>
      unhookSource(this.aws, {found, functionName, sourceArn}),
    )
    this.log(`Unhooked ${sourceArn} from ${functionName} (deleted mapping ${deleted.join(', ')})`)
    return {deleted, functionName, sourceArn}
  }
}
