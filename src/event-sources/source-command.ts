// What pause, resume and unhook share: the source from the flags, the function's event source
// mapping(s) for it found before anything changes (a source that is not hooked is refused with one
// line), then the command's own change. The JSON result is that change's plus functionName and sourceArn.
import {BaseCommand, baseFlagsHiding} from '../base-command.js'
import {sourceFlags} from '../cli/flags.js'
import {resolveSourceArn} from '../source-lookup/resolve-source.js'
import {sourceOrAsk} from './ask-source.js'
import {Progress} from '../ui/progress.js'
import {arnText, requireEventSourceMappings, type EventSourceMapping} from './find.js'
import type {SetEnabledResult} from './set-enabled.js'
import type {SourceChangeJson} from '../results.js'

export interface HookedSource {
  found: EventSourceMapping[]
  functionName: string
  progress: Progress
  sourceArn: string
}

export abstract class HookedSourceCommand<R extends object = object> extends BaseCommand<typeof HookedSourceCommand> {
  static override enableJsonFlag = true

  static override baseFlags = baseFlagsHiding('yes')

  static override flags = {...sourceFlags}

  async run(): Promise<SourceChangeJson<R>> {
    const selection = await sourceOrAsk(this.flags, this.aws, {interactive: this.interactive && !this.jsonEnabled(), message: `${(this.id ?? 'change').replace(/^./, (c) => c.toUpperCase())} which source?`})
    const sourceArn = arnText(await resolveSourceArn(selection, this.aws))
    const functionName = this.functionName
    const progress = new Progress({quiet: this.jsonEnabled()})
    const found = await progress.spin('Finding the event source mapping', () => requireEventSourceMappings(this.aws, functionName, sourceArn))
    return {...(await this.change({found, functionName, progress, sourceArn})), functionName, sourceArn}
  }

  protected abstract change(source: HookedSource): Promise<R>
}

const WORDS = {
  pause: {doing: 'Pausing', done: 'Paused', state: 'paused'},
  resume: {doing: 'Resuming', done: 'Resumed', state: 'active'},
}

/** pause and resume: disable or enable the mapping(s); one already in that state is left alone. */
export abstract class SetEnabledCommand extends HookedSourceCommand<SetEnabledResult> {
  protected abstract readonly enabled: boolean

  protected async change({found, functionName, progress, sourceArn}: HookedSource): Promise<SetEnabledResult> {
    const {setEventSourceEnabled} = await import('./set-enabled.js')
    const words = this.enabled ? WORDS.resume : WORDS.pause
    const result = await progress.step(`${words.doing} ${sourceArn} -> ${functionName}`, () =>
      setEventSourceEnabled(this.aws, {enabled: this.enabled, found, functionName, sourceArn}),
    )
    for (const mapping of result.mappings) {
      this.log(
        mapping.changed
          ? `${words.done}: ${sourceArn} -> ${functionName} (mapping ${mapping.uuid}, ${mapping.state})`
          : `Nothing to change: mapping ${mapping.uuid} is already ${words.state} (${mapping.state})`,
      )
    }
    return result
  }
}
