// The CLI's view of the one client factory (runtime/aws/client-factory.ts): region, profile and
// --endpoint-url from the global flags, AWS CLI conventions for the rest (AWS_REGION, then
// AWS_DEFAULT_REGION, then the profile's region; AWS_ENDPOINT_URL[_SERVICE] honoured by the SDK;
// profiles and credentials with the AWS CLI's precedence, see profile.ts).
// Clients are created on first use and cached, so a command only loads the SDK packages it needs.
import type {AwsCredentialIdentityProvider} from '@smithy/types'
import {createClient, type ClientConstructor} from '../../runtime/aws/client-factory.js'
import {resolveProfileCredentials} from './profile.js'

export interface AwsSettings {
  region?: string
  /** --profile as given on the command line (AWS_PROFILE is read from the environment). */
  profile?: string
  endpointUrl?: string
}

export function resolveRegion(flag?: string): string | undefined {
  return flag || process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION || undefined
}

export class AwsClients {
  private readonly cache = new Map<unknown, unknown>()
  /** Resolved with the first client (a missing profile is then reported inside the command). */
  private credentials?: {provider?: AwsCredentialIdentityProvider}

  constructor(readonly settings: AwsSettings) {}

  get region(): string | undefined {
    return this.settings.region
  }

  /** A client of the given class, created once (same region/profile/endpoint for the command). */
  get<C>(Client: ClientConstructor<C>, overrides: {region?: string} = {}): C {
    const key = overrides.region && overrides.region !== this.settings.region ? `${Client.name}@${overrides.region}` : Client
    let client = this.cache.get(key) as C | undefined
    if (!client) {
      this.credentials ??= {provider: resolveProfileCredentials(this.settings.profile)}
      client = createClient(Client, {
        credentials: this.credentials.provider,
        endpoint: this.settings.endpointUrl,
        profile: this.settings.profile,
        region: overrides.region ?? this.settings.region,
      })
      this.cache.set(key, client)
    }
    return client
  }
}
