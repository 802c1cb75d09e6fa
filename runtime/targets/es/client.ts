// OpenSearch clients, one per (domain, region, role): SigV4-signed with the function's credentials
// or the mapping's assumed role (runtime/aws/target-clients.ts), kept across invocations. The client
// does not retry by itself: the target retries only the items that need it.
import {Client} from '@opensearch-project/opensearch'
import {AwsSigv4Signer} from '@opensearch-project/opensearch/aws-v3'
import type {Mapping} from '../../mapping/schema.js'
import {destinationCredentials, functionRegion} from '../../aws/target-clients.js'
import type {EsDestination} from './destination.js'

const clients = new Map<string, Client>()

/** The region requests are signed for. */
export function signingRegion(mapping: Pick<Mapping, 'region'>, destination: EsDestination): string {
  return mapping.region ?? destination.hostRegion ?? functionRegion() ?? 'us-east-1'
}

export function esClient(mapping: Pick<Mapping, 'region' | 'role' | 'externalId'>, destination: EsDestination): Client {
  const region = signingRegion(mapping, destination)
  const key = [destination.node, region, destination.service, mapping.role ?? '', mapping.externalId ?? ''].join('|')
  let client = clients.get(key)
  if (!client) {
    const credentials = destinationCredentials(mapping)
    client = new Client({
      ...AwsSigv4Signer({getCredentials: () => credentials(), region, service: destination.service}),
      maxRetries: 0,
      node: destination.node,
      requestTimeout: 30_000,
    })
    clients.set(key, client)
  }
  return client
}

export function closeEsClients(): void {
  for (const client of clients.values()) void client.close()
  clients.clear()
}
