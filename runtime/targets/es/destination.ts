// The es destination: `endpoint#index`, or the Bash era's `endpoint#doctype/index`. The endpoint
// may carry a scheme and a port (default https). Mapping types are gone from OpenSearch (2.0) and
// Elasticsearch (8.0), so the doctype is accepted and not sent. SigV4 needs the region and the
// service name: the mapping's region, else the one in an AWS endpoint's host name, else the
// function's; service `aoss` for OpenSearch Serverless collections, `es` otherwise.
import {splitEndpoint} from '../../mapping/schema.js'

export interface EsDestination {
  /** Base URL of the domain, e.g. https://search-x.us-east-1.es.amazonaws.com */
  node: string
  index: string
  doctype?: string
  /** Region named by an AWS endpoint's host, if any. */
  hostRegion?: string
  service: 'es' | 'aoss'
}

const AWS_HOST = /\.([a-z]{2,}(?:-[a-z]+)+-\d{1,2})\.(es|aoss)\.amazonaws\.com(?:\.cn)?$/

export function parseEsDestination(destination: string): EsDestination {
  const parts = splitEndpoint(destination)
  if (!parts) throw new Error(`es destination '${destination}' is not endpoint#index`)
  const endpoint = parts.endpoint.replace(/\/+$/, '')
  const node = /^https?:\/\//i.test(endpoint) ? endpoint : `https://${endpoint}`
  const host = new URL(node).hostname.toLowerCase()
  const slash = parts.rest.indexOf('/')
  const index = slash >= 0 ? parts.rest.slice(slash + 1) : parts.rest
  const doctype = slash >= 0 ? parts.rest.slice(0, slash) : undefined
  const match = AWS_HOST.exec(host)
  return {
    index,
    node,
    service: match?.[2] === 'aoss' ? 'aoss' : 'es',
    ...(doctype ? {doctype} : {}),
    ...(match ? {hostRegion: match[1]} : {}),
  }
}
