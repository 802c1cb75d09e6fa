// pause / resume: disable or enable the function's mapping(s) for a source.
import type {AwsClients} from '../aws/clients.js'
import {withRetry, type RetryOptions} from '../deploy/retry.js'
import {requireEventSourceMappings, type EventSourceMapping} from './find.js'
import {requireSdk} from '../aws/sdk.js'

export interface SetEnabledResult {
  changed: number
  mappings: {uuid: string; state: string; changed: boolean}[]
}

const ENABLED_STATES = new Set(['Enabled', 'Enabling'])
const DISABLED_STATES = new Set(['Disabled', 'Disabling'])

export async function setEventSourceEnabled(
  aws: AwsClients,
  options: {functionName: string; sourceArn: string; enabled: boolean; found?: EventSourceMapping[]; retry?: RetryOptions},
): Promise<SetEnabledResult> {
  const {LambdaClient, UpdateEventSourceMappingCommand} = requireSdk<typeof import('@aws-sdk/client-lambda')>('@aws-sdk/client-lambda')
  const client = aws.get(LambdaClient)
  const found = options.found ?? (await requireEventSourceMappings(aws, options.functionName, options.sourceArn))
  const target = options.enabled ? ENABLED_STATES : DISABLED_STATES
  const results: SetEnabledResult['mappings'] = []
  for (const esm of found) {
    if (target.has(esm.State ?? '')) {
      results.push({changed: false, state: esm.State!, uuid: esm.UUID!})
      continue
    }
    // An event source mapping still being created or updated refuses changes for a moment (ResourceInUseException).
    const out = await withRetry(() => client.send(new UpdateEventSourceMappingCommand({Enabled: options.enabled, UUID: esm.UUID})), options.retry)
    results.push({changed: true, state: out.State ?? (options.enabled ? 'Enabling' : 'Disabling'), uuid: esm.UUID!})
  }
  return {changed: results.filter((r) => r.changed).length, mappings: results}
}
