// Clients for a mapping's destination: in the mapping's region (or the function's), with the
// mapping's role assumed through STS when it names one (cross-account). Clients and assumed-role
// credentials are cached per (service, region, role, externalId) across invocations; credentials
// are refreshed before they expire.
import {CACHED_MIDDLEWARE, createClient, type ClientConstructor} from './client-factory.js'
import type {AwsCredentialIdentity, AwsCredentialIdentityProvider} from '@smithy/types'
import type {Mapping} from '../mapping/schema.js'

/** Refresh assumed-role credentials this long before they expire. */
export const REFRESH_MARGIN_MS = 5 * 60_000
/** Session length asked of STS. */
const SESSION_SECONDS = 3600

type Destination = Pick<Mapping, 'region' | 'role' | 'externalId'>

const clients = new Map<string, unknown>()
const roleProviders = new Map<string, AwsCredentialIdentityProvider>()

export function functionRegion(): string | undefined {
  return process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION || undefined
}

/** Credentials for the role (assumed with the function's own credentials), cached until near expiry. */
export function assumedRoleCredentials(role: string, externalId?: string): AwsCredentialIdentityProvider {
  const key = `${role}|${externalId ?? ''}`
  let provider = roleProviders.get(key)
  if (provider) return provider
  let current: AwsCredentialIdentity | undefined
  let pending: Promise<AwsCredentialIdentity> | undefined
  provider = async () => {
    if (current?.expiration && current.expiration.getTime() - Date.now() > REFRESH_MARGIN_MS) return current
    pending ??= (async () => {
      try {
        const {STSClient, AssumeRoleCommand} = await import('@aws-sdk/client-sts')
        const sts = createClient(STSClient, {region: functionRegion()})
        const out = await sts.send(
          new AssumeRoleCommand({
            DurationSeconds: SESSION_SECONDS,
            RoleArn: role,
            RoleSessionName: `fanout-${(process.env.AWS_LAMBDA_FUNCTION_NAME ?? 'local').slice(0, 40)}`,
            ...(externalId ? {ExternalId: externalId} : {}),
          }),
        )
        const c = out.Credentials!
        current = {
          accessKeyId: c.AccessKeyId!,
          // No expiry given (emulators): treat it as the session length asked for.
          expiration: new Date(c.Expiration ? new Date(c.Expiration).getTime() : Date.now() + SESSION_SECONDS * 1000),
          secretAccessKey: c.SecretAccessKey!,
          sessionToken: c.SessionToken,
        }
        return current
      } finally {
        pending = undefined
      }
    })()
    return pending
  }
  roleProviders.set(key, provider)
  return provider
}

let functionProvider: AwsCredentialIdentityProvider | undefined

/**
 * The function's own credentials (the SDK's default chain), cached until near expiry. The chain is
 * imported on first use from @aws-sdk/credential-provider-node, not the @aws-sdk/credential-providers
 * barrel (cognito and the rest would come with it); SDK clients use the same chain by default.
 */
export function functionCredentials(): AwsCredentialIdentityProvider {
  if (functionProvider) return functionProvider
  let chain: Promise<AwsCredentialIdentityProvider> | undefined
  let current: AwsCredentialIdentity | undefined
  functionProvider = async () => {
    if (current && (!current.expiration || current.expiration.getTime() - Date.now() > REFRESH_MARGIN_MS)) return current
    chain ??= import('@aws-sdk/credential-provider-node').then(({defaultProvider}) => defaultProvider())
    current = await (await chain)()
    return current
  }
  return functionProvider
}

/** Credentials for a destination: the mapping's role when it names one, else the function's. */
export function destinationCredentials(destination: Destination): AwsCredentialIdentityProvider {
  return destination.role ? assumedRoleCredentials(destination.role, destination.externalId) : functionCredentials()
}

/**
 * A client for the mapping's destination; one instance per service, region, role, endpoint
 * (`endpoint` for services addressed by a per-account host, such as IoT data) and extra settings
 * (`extra`: service-specific client configuration, e.g. SQS `useQueueUrlAsEndpoint`). Every target
 * client keeps its resolved middleware stack: the drivers send with sendAbortable (client-factory.ts).
 */
export function targetClient<C>(
  Client: ClientConstructor<C>,
  destination: Destination,
  maxAttempts = 2,
  endpoint?: string,
  extra?: Record<string, unknown>,
): C {
  const region = destination.region ?? functionRegion()
  const key = `${Client.name}|${region ?? ''}|${destination.role ?? ''}|${destination.externalId ?? ''}|${endpoint ?? ''}|${extra ? JSON.stringify(extra) : ''}`
  let client = clients.get(key) as C | undefined
  if (!client) {
    client = createClient(Client, {
      credentials: destination.role ? assumedRoleCredentials(destination.role, destination.externalId) : undefined,
      maxAttempts,
      region,
      ...(endpoint ? {endpoint} : {}),
      extra: {...CACHED_MIDDLEWARE, ...extra},
    })
    clients.set(key, client)
  }
  return client
}

/** Forgets every cached client and credential (tests). */
export function resetTargetClients(): void {
  clients.clear()
  roleProviders.clear()
  functionProvider = undefined
}
