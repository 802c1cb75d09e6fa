// An independent SigV4 verifier for the HTTP stand-ins: rebuilds the canonical request from what
// arrived and recomputes the signature with the secret the test knows for the access key id.
import {createHash, createHmac} from 'node:crypto'
import type {IncomingHttpHeaders} from 'node:http'

export interface SigV4Credential {
  accessKeyId: string
  date: string
  region: string
  service: string
  signedHeaders: string[]
  signature: string
}

const AUTH = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/

export function parseAuthorization(header: string | undefined): SigV4Credential | undefined {
  const match = header ? AUTH.exec(header) : null
  if (!match) return undefined
  const [, accessKeyId, date, region, service, signedHeaders, signature] = match
  return {accessKeyId, date, region, service, signature, signedHeaders: signedHeaders.split(';')}
}

const rfc3986 = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex')
const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data).digest()

function canonicalQuery(search: string): string {
  if (!search) return ''
  return search
    .slice(1)
    .split('&')
    .filter(Boolean)
    .map((pair) => {
      const [k, v = ''] = pair.split('=')
      const enc = (s: string) => encodeURIComponent(decodeURIComponent(s)).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
      return [enc(k), enc(v)] as const
    })
    .sort(([a, av], [b, bv]) => (a === b ? (av < bv ? -1 : 1) : a < b ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join('&')
}

/** Why the request's signature is wrong, or undefined when it checks out. */
export function sigV4Problem(
  request: {method: string; url: string; headers: IncomingHttpHeaders; body: Buffer},
  secretFor: (accessKeyId: string) => string | undefined,
): string | undefined {
  const credential = parseAuthorization(request.headers.authorization)
  if (!credential) return `no SigV4 Authorization header: ${request.headers.authorization ?? '(none)'}`
  const secret = secretFor(credential.accessKeyId)
  if (secret === undefined) return `unknown access key id ${credential.accessKeyId}`
  const amzDate = String(request.headers['x-amz-date'] ?? '')
  if (!amzDate.startsWith(credential.date)) return `x-amz-date ${amzDate} does not match the credential date`
  const payloadHash = sha256(request.body)
  const declared = request.headers['x-amz-content-sha256']
  if (declared !== undefined && declared !== payloadHash && declared !== 'UNSIGNED-PAYLOAD') return 'x-amz-content-sha256 is not the hash of the body'
  for (const required of ['host', 'x-amz-date']) if (!credential.signedHeaders.includes(required)) return `${required} is not signed`
  const url = new URL(request.url, 'http://standin')
  const headers = credential.signedHeaders.map((name) => {
    const value = request.headers[name]
    const text = Array.isArray(value) ? value.join(',') : String(value ?? '')
    return `${name}:${text.trim().replace(/\s+/g, ' ')}\n`
  })
  // Services other than S3 sign the path URI-encoded once more (a %2F in a topic becomes %252F).
  const path = url.pathname.split('/').map((segment) => rfc3986(segment)).join('/')
  const canonical = [request.method, path, canonicalQuery(url.search), headers.join(''), credential.signedHeaders.join(';'), declared ?? payloadHash].join('\n')
  const scope = `${credential.date}/${credential.region}/${credential.service}/aws4_request`
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonical)].join('\n')
  let key: Buffer = hmac(`AWS4${secret}`, credential.date)
  for (const part of [credential.region, credential.service, 'aws4_request']) key = hmac(key, part)
  const expected = createHmac('sha256', key).update(toSign).digest('hex')
  return expected === credential.signature ? undefined : 'signature does not match'
}
