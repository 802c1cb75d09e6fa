// Finding the function's event source mappings (every page), by function and optionally by source.
// Kinesis enhanced fan-out mappings name the consumer ARN; they count as mappings of the stream.
import type {EventSourceMappingConfiguration} from '@aws-sdk/client-lambda'
import {normalizeSourceArn} from '../../runtime/mapping/arn.js'
import type {AwsClients} from '../aws/clients.js'
import {UserError} from '../errors.js'
import {requireSdk} from '../aws/sdk.js'

export type EventSourceMapping = EventSourceMappingConfiguration

/** Every page of the function's event source mappings; throws what Lambda answers (not found included). */
export async function readEventSourceMappings(aws: AwsClients, functionName: string): Promise<EventSourceMapping[]> {
  const {LambdaClient, ListEventSourceMappingsCommand} = requireSdk<typeof import('@aws-sdk/client-lambda')>('@aws-sdk/client-lambda')
  const client = aws.get(LambdaClient)
  const mappings: EventSourceMapping[] = []
  let marker: string | undefined
  do {
    const page = await client.send(new ListEventSourceMappingsCommand({FunctionName: functionName, Marker: marker}))
    mappings.push(...(page.EventSourceMappings ?? []))
    marker = page.NextMarker || undefined
  } while (marker)
  return mappings
}

export async function listEventSourceMappings(aws: AwsClients, functionName: string): Promise<EventSourceMapping[]> {
  try {
    return await readEventSourceMappings(aws, functionName)
  } catch (error) {
    // Lambda answers "function not found" for a function that does not exist: no mappings.
    if ((error as Error).name === 'ResourceNotFoundException') return []
    throw error
  }
}

export async function findEventSourceMappings(aws: AwsClients, functionName: string, sourceArn: string): Promise<EventSourceMapping[]> {
  const all = await listEventSourceMappings(aws, functionName)
  return all.filter((m) => m.EventSourceArn && normalizeSourceArn(m.EventSourceArn) === sourceArn)
}

/** The mapping(s) from the source to the function, or a clear error when there is none. */
export async function requireEventSourceMappings(aws: AwsClients, functionName: string, sourceArn: string): Promise<EventSourceMapping[]> {
  const found = await findEventSourceMappings(aws, functionName, sourceArn)
  if (found.length === 0) {
    throw new UserError(`No event source mapping from ${sourceArn} to function '${functionName}'`, {
      suggestion: 'hook it first with `kinesis-fanout hook`, or check --function and --region',
    })
  }
  return found
}

/** The ARN text of a parsed source. */
export const arnText = (arn: {partition: string; service: string; region: string; account: string; resource: string}): string =>
  `arn:${arn.partition}:${arn.service}:${arn.region}:${arn.account}:${arn.resource}`

/** The on-failure destinations of the given mappings (their role needs the right to send there). */
export const onFailureOf = (mappings: EventSourceMapping[]): string[] =>
  mappings.map((m) => m.DestinationConfig?.OnFailure?.Destination).filter((arn): arn is string => Boolean(arn))
