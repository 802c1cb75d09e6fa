// hook: an event source mapping from the source to the function, never a duplicate. An existing
// mapping is reported as it is, or brought to the given settings with `update`.
import type {AwsClients} from '../aws/clients.js'
import {UserError} from '../errors.js'
import {withRetry, type RetryOptions} from '../deploy/retry.js'
import {findEventSourceMappings, type EventSourceMapping} from './find.js'
import {settingsDifferences, tunableRequest, validateHookSettings, type HookSettings} from './settings.js'
import {requireSdk} from '../aws/sdk.js'

export interface HookResult {
  action: 'created' | 'updated' | 'unchanged' | 'exists'
  mapping: EventSourceMapping
  /** Fields changed by an update, or differing from the request when not updated. */
  differences: string[]
  notes: string[]
}

export async function hookSource(
  aws: AwsClients,
  options: {
    functionName: string
    sourceArn: string
    settings: HookSettings
    update?: boolean
    retry?: RetryOptions
    /** hook --consumer: the ARN of the enhanced fan-out consumer the mapping reads through. */
    consumerArn?: string
  },
): Promise<HookResult> {
  const {consumerArn, functionName, settings, sourceArn} = options
  validateHookSettings(settings, sourceArn)
  // The event source: the consumer when there is one (Lambda then reads through SubscribeToShard).
  const eventSourceArn = consumerArn ?? sourceArn
  const {LambdaClient, CreateEventSourceMappingCommand, UpdateEventSourceMappingCommand} = requireSdk<typeof import('@aws-sdk/client-lambda')>('@aws-sdk/client-lambda')
  const client = aws.get(LambdaClient)
  const [existing] = await findEventSourceMappings(aws, functionName, sourceArn)
  if (existing) {
    if (consumerArn && existing.EventSourceArn !== consumerArn) {
      const through = existing.EventSourceArn?.includes('/consumer/') ? `consumer ${existing.EventSourceArn}` : 'the shared read path (no consumer)'
      throw new UserError(`${sourceArn} is already hooked to '${functionName}' through ${through} (mapping ${existing.UUID}): nothing was changed`, {
        suggestion: 'unhook it first to read through another consumer',
      })
    }
    const differences = settingsDifferences(existing, settings)
    const notes: string[] = []
    if (settings.startingPosition && existing.StartingPosition && settings.startingPosition !== existing.StartingPosition) {
      notes.push(`the starting position of an existing mapping cannot change (it is ${existing.StartingPosition}); unhook and hook again to start elsewhere`)
    }
    if (!options.update) return {action: 'exists', differences, mapping: existing, notes}
    if (differences.length === 0) return {action: 'unchanged', differences, mapping: existing, notes}
    const updated = await withRetry(() => client.send(new UpdateEventSourceMappingCommand({UUID: existing.UUID, ...tunableRequest(settings)})), options.retry)
    return {action: 'updated', differences, mapping: updated, notes}
  }
  try {
    // Lambda checks the role can read the stream: a policy written seconds ago may not be visible yet.
    const created = await withRetry(
      () =>
        client.send(
          new CreateEventSourceMappingCommand({
            EventSourceArn: eventSourceArn,
            FunctionName: functionName,
            StartingPosition: settings.startingPosition ?? 'LATEST',
            ...(settings.startingPositionTimestamp ? {StartingPositionTimestamp: settings.startingPositionTimestamp} : {}),
            ...tunableRequest(settings),
          }),
        ),
      {attempts: 8, ...options.retry},
    )
    return {action: 'created', differences: [], mapping: created, notes: []}
  } catch (error) {
    // Lambda answers ResourceNotFoundException for a missing function and for a missing stream.
    const {name, message} = error as Error
    if (name === 'ResourceNotFoundException' && /function/i.test(message ?? '')) {
      throw new UserError(`Lambda function '${functionName}' not found`, {suggestion: 'deploy it first with `kinesis-fanout deploy`, or check --function and --region'})
    }
    if (name === 'ResourceNotFoundException' || (name === 'InvalidParameterValueException' && /stream.*(not found|does not exist)/i.test(message ?? ''))) {
      throw new UserError(`Source ${sourceArn} not found: ${message}`, {suggestion: 'check --source-arn and --region'})
    }
    throw error
  }
}
