import {SetEnabledCommand} from '../event-sources/source-command.js'

export default class Pause extends SetEnabledCommand {
  static override description = 'Stop the fan-out function reading a source (disables its event source mapping; records wait in the stream). Fails when the source is not hooked.'

  static override examples = ['<%= config.bin %> pause --source-type kinesis --source orders']

  protected readonly enabled = false
}
