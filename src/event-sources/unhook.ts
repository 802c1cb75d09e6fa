// unhook: delete the function's mapping(s) for a source.
import type {AwsClients} from '../aws/clients.js'
import {withRetry, type RetryOptions} from '../deploy/retry.js'
import {requireEventSourceMappings, type EventSourceMapping} from './find.js'

export async function deleteEventSourceMapping(aws: AwsClients, uuid: string, retry?: RetryOptions): Promise<void> {
  const {LambdaClient, DeleteEventSourceMappingCommand} = await import('@aws-sdk/client-lambda')
  try {
    await withRetry(() => aws.get(LambdaClient).send(new DeleteEventSourceMappingCommand({UUID: uuid})), retry)
  } catch (error) {
    // Already gone (deleted by someone else meanwhile): the outcome asked for.
    if ((error as Error).name !== 'ResourceNotFoundException') throw error
  }
}

export async function unhookSource(
  aws: AwsClients,
  options: {functionName: string; sourceArn: string; found?: EventSourceMapping[]; retry?: RetryOptions},
): Promise<{deleted: string[]}> {
  const found = options.found ?? (await requireEventSourceMappings(aws, options.functionName, options.sourceArn))
  for (const mapping of found) await deleteEventSourceMapping(aws, mapping.UUID!, options.retry)
  return {deleted: found.map((m) => m.UUID!)}
}
