// The CLI's view of the one client factory (runtime/aws/client-factory.ts): region, profile and
// --endpoint-url from the global flags, AWS CLI conventions for the rest (AWS_REGION, then
// AWS_DEFAULT_REGION, then the profile's region; AWS_ENDPOINT_URL[_SERVICE] honoured by the SDK).
// Clients are created on first use and cached, so a command only loads the SDK packages it needs.
import {createClient, type ClientConstructor} from '../../runtime/aws/client-factory.js'

export interface AwsSettings {
  region?: string
  profile?: string
  endpointUrl?: string
}

export function resolveRegion(flag?: string): string | undefined {
  return flag || process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION || undefined
}

export class AwsClients {
  private readonly cache = new Map<unknown, unknown>()

  constructor(readonly settings: AwsSettings) {}

  get region(): string | undefined {
    return this.settings.region
  }

  /** A client of the given class, created once (same region/profile/endpoint for the command). */
  get<C>(Client: ClientConstructor<C>, overrides: {region?: string} = {}): C {
    const key = overrides.region && overrides.region !== this.settings.region ? `${Client.name}@${overrides.region}` : Client
    let client = this.cache.get(key) as C | undefined
    if (!client) {
      client = createClient(Client, {
        endpoint: this.settings.endpointUrl,
        profile: this.settings.profile,
        region: overrides.region ?? this.settings.region,
      })
      this.cache.set(key, client)
    }
    return client
  }
}
