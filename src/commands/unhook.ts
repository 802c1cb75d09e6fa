import {HookedSourceCommand, type HookedSource} from '../event-sources/source-command.js'
import type {UnhookResult} from '../event-sources/unhook.js'

export default class Unhook extends HookedSourceCommand<UnhookResult> {
  static override description =
    'Disconnect a source from the fan-out function (deletes its event source mapping, and deregisters the enhanced fan-out consumer that `hook --consumer` registered for it). Fails when the source is not hooked.'

  static override examples = ['<%= config.bin %> unhook --source-type kinesis --source orders']

  protected async change({found, functionName, progress, sourceArn}: HookedSource): Promise<UnhookResult> {
    const {unhookSource} = await import('../event-sources/unhook.js')
    const result = await progress.step(`Unhooking ${sourceArn} from ${functionName}`, () => unhookSource(this.aws, {found, functionName, sourceArn}))
    this.log(`Unhooked ${sourceArn} from ${functionName} (deleted mapping ${result.deleted.join(', ')})`)
    for (const arn of result.deregisteredConsumers) this.log(`Deregistered consumer ${arn} (hook registered it)`)
    for (const kept of result.keptConsumers) this.note(`Kept consumer ${kept.arn}: ${kept.reason}`)
    return result
  }
}
