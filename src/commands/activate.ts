import {ActiveCommand} from '../mappings/id-command.js'

export default class Activate extends ActiveCommand {
  static override description =
    "Turn a mapping on: the fan-out starts sending to its destination. The function role's publish policy is updated first. Without a source, the id is looked up across the table; at a terminal a missing id is chosen from a list."

  static override examples = ['<%= config.bin %> activate --id to-audit', '<%= config.bin %> activate --source-type kinesis --source orders --id to-audit']

  static override flags = ActiveCommand.roleFlags

  protected async activeValue(): Promise<boolean> {
    return true
  }
}
