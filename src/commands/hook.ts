import {Flags} from '@oclif/core'
import {BaseCommand, baseFlagsHiding} from '../base-command.js'
import {UserError} from '../errors.js'
import {sourceFlags} from '../cli/flags.js'
import {resolveSourceArn} from '../source-lookup/resolve-source.js'
import {sourceOrAsk} from '../event-sources/ask-source.js'
import {checkConsumerName} from '../event-sources/consumer.js'
import {hookSettingFlags} from '../event-sources/hook-flags.js'
import {parseTimestamp, validateHookSettings, type HookSettings, type StartingPosition} from '../event-sources/settings.js'
import {Progress} from '../ui/progress.js'
import {arnText} from '../event-sources/find.js'
import type {HookJson} from '../results.js'

export default class Hook extends BaseCommand<typeof Hook> {
  static override description = `Connect a Kinesis stream or DynamoDB stream to the fan-out function (an event source mapping).

ReportBatchItemFailures is always on. With --consumer NAME (Kinesis only) the mapping reads through an enhanced fan-out consumer, a dedicated 2 MB/s per shard that takes nothing from the stream's shared read limits: the consumer is registered when missing (tagged kinesis-fanout:registered-by=<function>, so unhook deregisters it; an existing consumer is reused and left alone by unhook), waited for until ACTIVE, and named in the role's read policy. Hooking a source that is already hooked reports the existing mapping (or changes its settings with --update), never a duplicate. When deploy manages the function's role, the role's stream read is extended to the source first.`

  static override enableJsonFlag = true

  static override examples = [
    '<%= config.bin %> hook --source-type kinesis --source orders',
    '<%= config.bin %> hook --source-arn arn:aws:kinesis:eu-west-1:123456789012:stream/orders --starting-position TRIM_HORIZON --batch-size 500',
    '<%= config.bin %> hook --source-type dynamodb --source users --update --maximum-retry-attempts 10 --on-failure arn:aws:sqs:eu-west-1:123456789012:dlq',
    '<%= config.bin %> hook --source-type kinesis --source orders --consumer fanout-orders',
  ]

  static override baseFlags = baseFlagsHiding('yes')

  static override flags = {
    ...sourceFlags,
    ...hookSettingFlags,
    update: Flags.boolean({description: 'When the source is already hooked, bring the mapping to the given settings.'}),
  }

  async run(): Promise<HookJson> {
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
    if (flags.consumer !== undefined) checkConsumerName(flags.consumer)
    const selection = await sourceOrAsk(flags, this.aws, {interactive: this.interactive && !this.jsonEnabled(), message: 'Hook which source?'})
    const source = await resolveSourceArn(selection, this.aws)
    const sourceArn = arnText(source)
    validateHookSettings(settings, sourceArn)
    if (flags.consumer !== undefined && source.kind !== 'kinesis') {
      throw new UserError('--consumer is for Kinesis streams only: DynamoDB streams have no enhanced fan-out consumers', {exitCode: 2})
    }
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
    let consumer: {arn: string; name: string; registered: boolean} | undefined
    if (flags.consumer !== undefined) {
      const {ensureConsumer} = await import('../event-sources/consumer.js')
      const name = flags.consumer
      const ensured = await progress.step(
        `Consumer ${name} on ${sourceArn}`,
        () =>
          ensureConsumer(this.aws, {
            functionName,
            name,
            onWait: (status) => progress.info(`Consumer ${name} is ${status}; waiting for ACTIVE`),
            region: source.region,
            streamArn: sourceArn,
            timeoutMs: (flags['consumer-timeout'] ?? 120) * 1000,
          }),
        (result) => `Consumer ${name} ${result.registered ? 'registered' : 'reused'} (${result.consumer.status}): ${result.consumer.arn}`,
      )
      consumer = {...ensured.consumer, registered: ensured.registered}
    }
    const refresh = await progress.spin('Checking the role can read the source', () =>
      refreshRolePolicies(this.aws, {
        extraOnFailureDestinations: settings.onFailureDestination ? [settings.onFailureDestination] : [],
        extraSourceArns: consumer ? [sourceArn, consumer.arn] : [sourceArn],
        functionName,
        tableName: this.tableName,
      }),
    )
    const result = await progress.step(`Hooking ${sourceArn} to ${functionName}${consumer ? ` through consumer ${consumer.name}` : ''}`, () =>
      hookSource(this.aws, {consumerArn: consumer?.arn, functionName, settings, sourceArn, update: flags.update}),
    )
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
    return {
      action: result.action,
      consumer: consumer ? {arn: consumer.arn, name: consumer.name, registered: consumer.registered} : null,
      differences: result.differences,
      functionName,
      mapping: {...mapping, $metadata: undefined},
      sourceArn,
    }
  }
}
