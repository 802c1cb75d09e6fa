// OpenSearch: `endpoint#index` (or Bash-era `endpoint#doctype/index`) is stored as given; a domain
// name is turned into its endpoint (DescribeDomain) and joined with --index. An endpoint given
// without '#' is joined with --index as is.
import {UserError} from '../errors.js'
import {clientFor, lookUp, type DestinationResolver} from './resolver.js'
import {requireSdk} from '../aws/sdk.js'

export const esResolver: DestinationResolver = {
  isQualified: (value) => value.includes('#'),
  async list(context) {
    const {ListDomainNamesCommand, OpenSearchClient} = requireSdk<typeof import('@aws-sdk/client-opensearch')>('@aws-sdk/client-opensearch')
    const out = await clientFor(context, OpenSearchClient).send(new ListDomainNamesCommand({}))
    return (out.DomainNames ?? []).map((domain) => ({description: domain.EngineType, name: domain.DomainName!, value: domain.DomainName!}))
  },
  noun: 'OpenSearch domain',
  qualifiedForm: 'endpoint#index',
  async resolveName(name, context) {
    if (!context.index) throw new UserError(`Missing --index: an es destination needs the index to write to (index or doctype/index)`)
    if (name.includes('.')) return `${name.replace(/\/$/, '')}#${context.index}`
    const {DescribeDomainCommand, OpenSearchClient} = requireSdk<typeof import('@aws-sdk/client-opensearch')>('@aws-sdk/client-opensearch')
    const out = await lookUp(this, name, context, () => clientFor(context, OpenSearchClient).send(new DescribeDomainCommand({DomainName: name})))
    const status = out.DomainStatus
    const endpoint = status?.Endpoint ?? status?.Endpoints?.vpc ?? Object.values(status?.Endpoints ?? {})[0]
    if (!endpoint) throw new UserError(`OpenSearch domain '${name}' has no endpoint yet`, {suggestion: 'wait until it is active'})
    return `${endpoint}#${context.index}`
  },
}
