import {SetEnabledCommand} from '../event-sources/source-command.js'

export default class Resume extends SetEnabledCommand {
  static override description = 'Start reading a paused source again (enables its event source mapping). Fails when the source is not hooked.'

  static override examples = ['<%= config.bin %> resume --source-type kinesis --source orders']

  protected readonly enabled = true
}
