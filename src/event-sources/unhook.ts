// unhook: delete the function's mapping(s) for a source, then deregister the enhanced fan-out
// consumer a mapping read through when hook registered it (tag kinesis-fanout:registered-by = this
// function) and no other event source mapping still reads through it. A consumer that existed
// before hook (reused by name) is left as it was.
import type {AwsClients} from '../aws/clients.js'
import {withRetry, type RetryOptions} from '../deploy/retry.js'
import {requireEventSourceMappings, type EventSourceMapping} from './find.js'
import {deregisterConsumer, parseConsumerArn, registeredByHook} from './consumer.js'
import {parseArn} from '../../runtime/mapping/arn.js'
import {requireSdk} from '../aws/sdk.js'

export async function deleteEventSourceMapping(aws: AwsClients, uuid: string, retry?: RetryOptions): Promise<void> {
  const {LambdaClient, DeleteEventSourceMappingCommand} = requireSdk<typeof import('@aws-sdk/client-lambda')>('@aws-sdk/client-lambda')
  try {
    await withRetry(() => aws.get(LambdaClient).send(new DeleteEventSourceMappingCommand({UUID: uuid})), retry)
  } catch (error) {
    // Already gone (deleted by someone else meanwhile): the outcome asked for.
    if ((error as Error).name !== 'ResourceNotFoundException') throw error
  }
}

export interface UnhookResult {
  deleted: string[]
  /** Consumers deregistered (hook registered them and nothing reads through them any more). */
  deregisteredConsumers: string[]
  /** Consumers left in place, with the reason. */
  keptConsumers: {arn: string; reason: string}[]
}

async function othersReadingThrough(aws: AwsClients, consumerArn: string): Promise<number> {
  const {LambdaClient, ListEventSourceMappingsCommand} = requireSdk<typeof import('@aws-sdk/client-lambda')>('@aws-sdk/client-lambda')
  const out = await aws.get(LambdaClient).send(new ListEventSourceMappingsCommand({EventSourceArn: consumerArn}))
  return (out.EventSourceMappings ?? []).filter((m) => m.EventSourceArn === consumerArn && m.State !== 'Deleting').length
}

export async function unhookSource(
  aws: AwsClients,
  options: {functionName: string; sourceArn: string; found?: EventSourceMapping[]; retry?: RetryOptions},
): Promise<UnhookResult> {
  const found = options.found ?? (await requireEventSourceMappings(aws, options.functionName, options.sourceArn))
  for (const mapping of found) await deleteEventSourceMapping(aws, mapping.UUID!, options.retry)
  const result: UnhookResult = {deleted: found.map((m) => m.UUID!), deregisteredConsumers: [], keptConsumers: []}
  const consumers = [...new Set(found.map((m) => m.EventSourceArn ?? '').filter((arn) => parseConsumerArn(arn)))]
  for (const arn of consumers) {
    const region = parseArn(arn)!.region
    try {
      if (!(await registeredByHook(aws, arn, options.functionName, region))) {
        result.keptConsumers.push({arn, reason: 'not registered by hook for this function'})
        continue
      }
      const others = await othersReadingThrough(aws, arn)
      if (others > 0) {
        result.keptConsumers.push({arn, reason: `${others} other event source mapping(s) still read through it`})
        continue
      }
      await deregisterConsumer(aws, arn, region)
      result.deregisteredConsumers.push(arn)
    } catch (error) {
      result.keptConsumers.push({arn, reason: `could not check or deregister it: ${(error as Error).name}: ${(error as Error).message}`})
    }
  }
  return result
}
