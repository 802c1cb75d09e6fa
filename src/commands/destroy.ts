import {Flags} from '@oclif/core'
import {BaseCommand} from '../base-command.js'
import {CancelledError, UserError} from '../errors.js'
import {Progress} from '../ui/progress.js'
import type {DestroyJson} from '../results.js'

export default class Destroy extends BaseCommand<typeof Destroy> {
  static override description = `Remove the fan-out function and its event source mappings; the configuration table only with --delete-table, the execution role only with --delete-role, the parking bucket only with --delete-parking-bucket.

Shows what will be removed and asks for confirmation; without a terminal (scripts, CI) it refuses unless --yes is given, and changes nothing.`

  static override enableJsonFlag = true

  static override examples = [
    '<%= config.bin %> destroy',
    '<%= config.bin %> destroy --delete-table --delete-role --yes',
    '<%= config.bin %> destroy --delete-parking-bucket --yes',
  ]

  static override flags = {
    'delete-parking-bucket': Flags.boolean({description: 'Also delete the parking bucket deploy created (refused while it holds parked records, unless --force).'}),
    force: Flags.boolean({description: 'With --delete-parking-bucket: delete the bucket even with parked records in it (they are lost).', dependsOn: ['delete-parking-bucket']}),
    'parking-bucket': Flags.string({description: 'The parking bucket (default: the function\'s FANOUT_PARKING_BUCKET, else <function>-parked-<account>-<region>).'}),
    'delete-role': Flags.boolean({description: 'Also delete the execution role deploy created (inline policies first).'}),
    'delete-table': Flags.boolean({description: 'Also delete the configuration table and every mapping in it.'}),
    'dry-run': Flags.boolean({description: 'Print what would be removed and change nothing.'}),
  }

  async run(): Promise<DestroyJson> {
    const {flags} = this
    const {applyDestroy, destroyHasWork, planDestroy, renderDestroyPlan} = await import('../deploy/destroy.js')
    const quiet = this.jsonEnabled()
    const progress = new Progress({quiet})
    const plan = await progress.spin('Reading the current state', () =>
      planDestroy(this.aws, {
        deleteParkingBucket: flags['delete-parking-bucket'],
        deleteRole: flags['delete-role'],
        deleteTable: flags['delete-table'],
        force: flags.force,
        functionName: this.functionName,
        parkingBucket: flags['parking-bucket'],
        tableName: this.tableName,
      }),
    )
    const summary = {
      eventSourceMappings: plan.eventSourceMappings.map((m) => m.UUID),
      function: plan.functionExists ? plan.functionName : undefined,
      notes: plan.notes,
      parkingBucket: plan.parkingBucket?.delete ? plan.parkingBucket.name : undefined,
      role: plan.role?.delete ? plan.role.name : undefined,
      table: plan.table?.exists ? plan.table.name : undefined,
    }
    if (!destroyHasWork(plan)) {
      this.log(`Nothing to destroy: function ${plan.functionName} not found${flags['delete-table'] ? ', nor its table' : ''}.`)
      for (const note of plan.notes) this.note(note)
      return {destroyed: false, plan: summary}
    }
    if (!quiet) this.log(renderDestroyPlan(plan))
    if (flags['dry-run']) return {dryRun: true, plan: summary}
    if (!flags.yes) {
      if (!this.interactive) {
        throw new UserError('destroy needs confirmation: rerun with --yes to remove these resources (nothing was changed)')
      }
      const what = [
        flags['delete-table'] && plan.table?.exists ? 'the table and its mappings' : '',
        plan.role?.delete ? 'the role' : '',
        plan.parkingBucket?.delete ? `the parking bucket${plan.parkingBucket.records ? ` and its ${plan.parkingBucket.records} parked records` : ''}` : '',
      ]
        .filter(Boolean)
        .join(', ')
      if (!(await this.confirm(`Remove function ${plan.functionName}${what ? ` and ${what}` : ''}?`, false))) throw new CancelledError()
    }
    const result = await applyDestroy(this.aws, plan, progress)
    const bucket = result.deletedParkingBucket ? `, parking bucket ${plan.parkingBucket!.name}` : ''
    this.log(`Destroyed function ${plan.functionName}${result.deletedTable ? `, table ${plan.table!.name}` : ''}${result.deletedRole ? `, role ${plan.role!.name}` : ''}${bucket}.`)
    return {destroyed: true, ...result}
  }
}
