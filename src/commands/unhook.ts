import {HookedSourceCommand, type HookedSource} from '../event-sources/source-command.js'

export default class Unhook extends HookedSourceCommand {
  static override description = 'Disconnect a source from the fan-out function (deletes its event source mapping). Fails when the source is not hooked.'

  static override examples = ['<%= config.bin %> unhook --source-type kinesis --source orders']

  protected async change({found, functionName, progress, sourceArn}: HookedSource): Promise<{deleted: string[]}> {
    const {unhookSource} = await import('../event-sources/unhook.js')
    const {deleted} = await progress.step(`Unhooking ${sourceArn} from ${functionName}`, () => unhookSource(this.aws, {found, functionName, sourceArn}))
    this.log(`Unhooked ${sourceArn} from ${functionName} (deleted mapping ${deleted.join(', ')})`)
    return {deleted}
  }
}
