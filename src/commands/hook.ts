import {Flags} from '@oclif/core'
import {BaseCommand} from '../base-command.js'
import {UserError} from '../errors.js'
import {sourceFlags} from '../cli/flags.js'
import {resolveSourceArn} from '../sources/resolve-source.js'
import {hookSettingFlags} from '../event-sources/hook-flags.js'
import {parseTimestamp, validateHookSettings, type HookSettings, type StartingPosition} from '../event-sources/settings.js'
import {Progress} from '../ui/progress.js'
import {arnText} from '../event-sources/find.js'

export default class Hook extends BaseCommand<typeof Hook> {
  static override description = `Connect a Kinesis stream or DynamoDB stream to the fan-out function (an event source mapping).

ReportBatchItemFailures is always on. Hooking a source that is already hooked reports the existing mapping (or changes its settings with --update), never a duplicate. When deploy manages the function's role, the role's stream read is extended to the source first.`

  static override enableJsonFlag = true

  static override examples = [
    '<%= config.bin %> hook --source-type kinesis --source orders',
    '<%= config.bin %> hook --source-arn arn:aws:kinesis:eu-west-1:123456789012:stream/orders --starting-position TRIM_HORIZON --batch-size 500',
    '<%= config.bin %> hook --source-type dynamodb --source users --update --maximum-retry-attempts 10 --on-failure arn:aws:sqs:eu-west-1:123456789012:dlq',
  ]

  static override flags = {
    ...sourceFlags,
    ...hookSettingFlags,
    update: Flags.boolean({description: 'When the source is already hooked, bring the mapping to the given settings.'}),
  }

  async run(): Promise<unknown> {
    const {flags} = this
    const settings: HookSettings = {
      batchingWindowSeconds: flags['batching-window'],
      batchSize: flags['batch-size'],
      bisectBatchOnError: flags['bisect-batch-on-error'],
      maximumRecordAgeSeconds: flags['maximum-record-age'],
      maximumRetryAttempts: flags['maximum-retry-attempts'],
      onFailureDestination: flags['on-failure'],
      parallelizationFactor: flags['parallelization-factor'],
      startingPosition: flags['starting-position'] as StartingPosition | undefined,
      startingPositionTimestamp: flags['starting-position-timestamp'] ? parseTimestamp(flags['starting-position-timestamp']) : undefined,
    }
    validateHookSettings(settings)
    const sourceArn = arnText(await resolveSourceArn(flags, this.aws))
    const progress = new Progress({quiet: this.jsonEnabled()})
    const [{refreshRolePolicies}, {hookSource}, {readFunction}] = await Promise.all([
      import('../deploy/publish-policy.js'),
      import('../event-sources/hook.js'),
      import('../deploy/function.js'),
    ])
    const functionName = this.functionName
    if (!(await progress.spin(`Finding function ${functionName}`, () => readFunction(this.aws, functionName)))) {
      throw new UserError(`Lambda function '${functionName}' not found`, {suggestion: 'deploy it first with `kinesis-fanout deploy`, or check --function and --region'})
    }
    const refresh = await progress.spin('Checking the role can read the source', () =>
      refreshRolePolicies(this.aws, {
        extraOnFailureDestinations: settings.onFailureDestination ? [settings.onFailureDestination] : [],
        extraSourceArns: [sourceArn],
        functionName,
        tableName: this.tableName,
      }),
    )
    const result = await progress.step(`Hooking ${sourceArn} to ${functionName}`, () => hookSource(this.aws, {functionName, settings, sourceArn, update: flags.update}))
    // Told after the hook, so a refused hook (e.g. a stream that does not exist) is one error line.
    if (refresh.updated) progress.info(`Role ${refresh.roleName}: ${refresh.changes?.join(', ')}`)
    const mapping = result.mapping
    const what = {
      created: 'Hooked',
      exists: 'Already hooked',
      unchanged: 'Already hooked with these settings',
      updated: `Updated (${result.differences.join(', ')})`,
    }[result.action]
    this.log(`${what}: ${mapping.EventSourceArn} -> ${functionName} (mapping ${mapping.UUID}, ${mapping.State})`)
    if (result.action === 'exists' && result.differences.length) this.note(`Settings differ (${result.differences.join(', ')}): rerun with --update to apply them`)
    for (const note of result.notes) this.note(note)
    return {action: result.action, differences: result.differences, functionName, mapping: {...mapping, $metadata: undefined}, sourceArn}
  }
}
