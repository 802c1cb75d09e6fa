// The Lambda function: read what exists, work out the configuration deploy wants, and create or
// update it with the Lambda waiters between steps (Lambda refuses a change while one is in progress).
import type {FunctionConfiguration} from '@aws-sdk/client-lambda'
import type {AwsClients} from '../aws/clients.js'
import {UserError} from '../errors.js'
import {withRetry, type RetryOptions} from './retry.js'
import {requireSdk} from '../aws/sdk.js'

export const FUNCTION_DEFAULTS = {
  architecture: 'x86_64',
  handler: 'index.handler',
  // 256 MB: Lambda gives CPU in proportion to memory; 128 MB makes JSON work and TLS handshakes to
  // several targets slow for little saving. The Bash CLI used 128.
  memory: 256,
  runtime: 'nodejs22.x',
  // Seconds. Leaves the runtime time to retry failed entries within one invocation (Bash CLI: 30).
  timeout: 60,
} as const

export interface FunctionSettings {
  runtime?: string
  memory?: number
  timeout?: number
  architecture?: string
  subnets?: string[]
  securityGroups?: string[]
  /** FANOUT_PARKING_BUCKET: a name sets it, null removes it (--no-parking), undefined keeps what the function has. */
  parkingBucket?: string | null
}

export interface DesiredFunction {
  name: string
  roleArn: string
  runtime: string
  memory: number
  timeout: number
  architecture: string
  description: string
  environment: Record<string, string>
  /** Only when VPC flags were given; otherwise the function keeps its VPC settings. */
  vpc?: {subnetIds: string[]; securityGroupIds: string[]}
}

export interface FieldChange {
  field: string
  from: unknown
  to: unknown
}

export interface WaitOptions {
  maxWaitTime?: number
  minDelay?: number
  maxDelay?: number
}

const lambdaModule = () => requireSdk<typeof import('@aws-sdk/client-lambda')>('@aws-sdk/client-lambda')

export async function readFunction(aws: AwsClients, name: string): Promise<FunctionConfiguration | undefined> {
  const {LambdaClient, GetFunctionCommand} = lambdaModule()
  try {
    const out = await aws.get(LambdaClient).send(new GetFunctionCommand({FunctionName: name}))
    return out.Configuration
  } catch (error) {
    if ((error as Error).name === 'ResourceNotFoundException') return undefined
    throw error
  }
}

export const hasVpc = (config?: FunctionConfiguration): boolean => Boolean(config?.VpcConfig?.SubnetIds?.length)

export function desiredFunction(
  name: string,
  tableName: string,
  roleArn: string,
  settings: FunctionSettings,
  current?: FunctionConfiguration,
): DesiredFunction {
  // Settings not given keep what the function has, so `deploy` after `deploy --memory 512` keeps 512.
  const subnets = settings.subnets ?? []
  const groups = settings.securityGroups ?? []
  return {
    architecture: settings.architecture ?? current?.Architectures?.[0] ?? FUNCTION_DEFAULTS.architecture,
    description: `Kinesis and DynamoDB Streams fan-out (kinesis-fanout); mappings in the DynamoDB table ${tableName}`,
    environment: environmentOf(tableName, settings, current),
    memory: settings.memory ?? current?.MemorySize ?? FUNCTION_DEFAULTS.memory,
    name,
    roleArn,
    runtime: settings.runtime ?? current?.Runtime ?? FUNCTION_DEFAULTS.runtime,
    timeout: settings.timeout ?? current?.Timeout ?? FUNCTION_DEFAULTS.timeout,
    ...(subnets.length || groups.length ? {vpc: {securityGroupIds: [...groups].sort(), subnetIds: [...subnets].sort()}} : {}),
  }
}

export const PARKING_BUCKET_VARIABLE = 'FANOUT_PARKING_BUCKET'

/** glibc trims freed memory and maps large blocks on their own, so a freed batch goes back to the
 * system: without it a 128 MB function's peak creeps over its limit (docs/runtime.md "Memory
 * between invocations"). A value the user set is kept. */
export const MALLOC_TRIM_VARIABLE = {name: 'MALLOC_TRIM_THRESHOLD_', value: '131072'} as const

/** The function's variables kept, FANOUT_TABLE and FANOUT_PARKING_BUCKET set as deploy wants them,
 * MALLOC_TRIM_THRESHOLD_ added when absent. */
function environmentOf(tableName: string, settings: FunctionSettings, current?: FunctionConfiguration): Record<string, string> {
  const environment: Record<string, string> = {[MALLOC_TRIM_VARIABLE.name]: MALLOC_TRIM_VARIABLE.value, ...current?.Environment?.Variables, FANOUT_TABLE: tableName}
  if (settings.parkingBucket === null) delete environment[PARKING_BUCKET_VARIABLE]
  else if (settings.parkingBucket !== undefined) environment[PARKING_BUCKET_VARIABLE] = settings.parkingBucket
  return environment
}

const sorted = (values?: string[]): string => [...(values ?? [])].sort().join(',')

/** Configuration fields that differ (code and architecture are compared separately). */
export function configurationChanges(current: FunctionConfiguration, desired: DesiredFunction): FieldChange[] {
  const changes: FieldChange[] = []
  const compare = (field: string, from: unknown, to: unknown) => {
    if (JSON.stringify(from) !== JSON.stringify(to)) changes.push({field, from, to})
  }
  compare('Role', current.Role, desired.roleArn)
  compare('Handler', current.Handler, FUNCTION_DEFAULTS.handler)
  compare('Runtime', current.Runtime, desired.runtime)
  compare('MemorySize', current.MemorySize, desired.memory)
  compare('Timeout', current.Timeout, desired.timeout)
  compare('Description', current.Description ?? '', desired.description)
  const env = current.Environment?.Variables ?? {}
  const envKeys = [...new Set([...Object.keys(env), ...Object.keys(desired.environment)])].sort()
  if (envKeys.some((key) => env[key] !== desired.environment[key])) {
    changes.push({field: 'Environment', from: env, to: desired.environment})
  }
  if (desired.vpc) {
    const vpc = current.VpcConfig
    if (sorted(vpc?.SubnetIds) !== sorted(desired.vpc.subnetIds) || sorted(vpc?.SecurityGroupIds) !== sorted(desired.vpc.securityGroupIds)) {
      changes.push({
        field: 'VpcConfig',
        from: {SecurityGroupIds: vpc?.SecurityGroupIds ?? [], SubnetIds: vpc?.SubnetIds ?? []},
        to: {SecurityGroupIds: desired.vpc.securityGroupIds, SubnetIds: desired.vpc.subnetIds},
      })
    }
  }
  return changes
}

function configurationInput(desired: DesiredFunction) {
  return {
    Description: desired.description,
    Environment: {Variables: desired.environment},
    FunctionName: desired.name,
    Handler: FUNCTION_DEFAULTS.handler,
    MemorySize: desired.memory,
    Role: desired.roleArn,
    Runtime: desired.runtime as never,
    Timeout: desired.timeout,
    ...(desired.vpc ? {VpcConfig: {SecurityGroupIds: desired.vpc.securityGroupIds, SubnetIds: desired.vpc.subnetIds}} : {}),
  }
}

/** Waits for the function to settle; a failed update becomes one clear line with Lambda's reason. */
async function settle(aws: AwsClients, name: string, kind: 'active' | 'updated', wait: WaitOptions = {}): Promise<void> {
  const {LambdaClient, GetFunctionConfigurationCommand, waitUntilFunctionActiveV2, waitUntilFunctionUpdatedV2} = lambdaModule()
  const client = aws.get(LambdaClient)
  const waiter = kind === 'active' ? waitUntilFunctionActiveV2 : waitUntilFunctionUpdatedV2
  try {
    await waiter({client, maxDelay: wait.maxDelay ?? 5, maxWaitTime: wait.maxWaitTime ?? 300, minDelay: wait.minDelay ?? 1}, {FunctionName: name})
  } catch (error) {
    let reason = (error as Error).message
    try {
      const config = await client.send(new GetFunctionConfigurationCommand({FunctionName: name}))
      reason = (kind === 'active' ? config.StateReason : config.LastUpdateStatusReason) ?? config.StateReason ?? reason
    } catch {
      // keep the waiter's own message
    }
    const what = kind === 'active' ? 'did not become active' : 'update did not complete'
    throw new UserError(`Lambda function '${name}' ${what}: ${oneLine(reason)}`, {suggestion: 'see the function in the Lambda console; deploy again once fixed'})
  }
}

const oneLine = (text: string): string => text.replace(/\s+/g, ' ').slice(0, 400)

export interface ApplyFunctionOptions {
  retry?: RetryOptions
  wait?: WaitOptions
}

export async function createFunction(aws: AwsClients, desired: DesiredFunction, zip: Uint8Array, options: ApplyFunctionOptions = {}): Promise<FunctionConfiguration> {
  const {LambdaClient, CreateFunctionCommand} = lambdaModule()
  const client = aws.get(LambdaClient)
  // A role created seconds ago is not yet assumable by Lambda: retried with backoff (withRetry).
  const created = await withRetry(
    () =>
      client.send(
        new CreateFunctionCommand({
          ...configurationInput(desired),
          Architectures: [desired.architecture as never],
          Code: {ZipFile: zip},
          PackageType: 'Zip',
        }),
      ),
    {attempts: 12, ...options.retry},
  )
  await settle(aws, desired.name, 'active', options.wait)
  return created
}

export async function updateFunctionConfiguration(aws: AwsClients, desired: DesiredFunction, options: ApplyFunctionOptions = {}): Promise<void> {
  const {LambdaClient, UpdateFunctionConfigurationCommand} = lambdaModule()
  const client = aws.get(LambdaClient)
  await settle(aws, desired.name, 'updated', options.wait)
  await withRetry(() => client.send(new UpdateFunctionConfigurationCommand(configurationInput(desired))), {attempts: 12, ...options.retry})
  await settle(aws, desired.name, 'updated', options.wait)
}

export async function updateFunctionCode(aws: AwsClients, desired: DesiredFunction, zip: Uint8Array, options: ApplyFunctionOptions = {}): Promise<string | undefined> {
  const {LambdaClient, UpdateFunctionCodeCommand} = lambdaModule()
  const client = aws.get(LambdaClient)
  await settle(aws, desired.name, 'updated', options.wait)
  const out = await withRetry(
    () => client.send(new UpdateFunctionCodeCommand({Architectures: [desired.architecture as never], FunctionName: desired.name, ZipFile: zip})),
    options.retry,
  )
  await settle(aws, desired.name, 'updated', options.wait)
  return out.CodeSha256
}

export async function deleteFunction(aws: AwsClients, name: string): Promise<boolean> {
  const {LambdaClient, DeleteFunctionCommand} = lambdaModule()
  try {
    await withRetry(() => aws.get(LambdaClient).send(new DeleteFunctionCommand({FunctionName: name})))
    return true
  } catch (error) {
    if ((error as Error).name === 'ResourceNotFoundException') return false
    throw error
  }
}
