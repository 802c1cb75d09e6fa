// A stand-in for the IoT data plane's Publish (POST /topics/{topic}): verifies the SigV4 signature
// when it knows the key's secret, records topic, payload and credential, and can answer a scripted
// status per call (429 throttling, 403, 413).
import {createServer} from 'node:http'
import {parseAuthorization, sigV4Problem, type SigV4Credential} from './sigv4-check.js'

export interface Publication {
  topic: string
  payload: Buffer
  credential?: SigV4Credential
  signatureProblem?: string
  status: number
}

export interface IotDataStandin {
  endpoint: string
  publications: Publication[]
  /** Status for the n-th call (from 1); 200 when undefined. */
  status(responder: (n: number, payload: Buffer) => number | undefined): void
  /** Makes a key's secret known (e.g. assumed-role credentials seen by an STS proxy). */
  addSecret(accessKeyId: string, secret: string): void
  close(): Promise<void>
}

const ERRORS: Record<number, string> = {403: 'ForbiddenException', 413: 'RequestEntityTooLargeException', 429: 'ThrottlingException', 500: 'InternalFailureException'}

export async function startIotDataStandin(secrets: Record<string, string> = {testing: 'testing'}): Promise<IotDataStandin> {
  const publications: Publication[] = []
  let responder: (n: number, payload: Buffer) => number | undefined = () => undefined
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const payload = Buffer.concat(chunks)
      const url = new URL(req.url!, 'http://standin')
      const match = /^\/topics\/(.+)$/.exec(url.pathname)
      if (req.method !== 'POST' || !match) {
        res.writeHead(404).end()
        return
      }
      const status = responder(publications.length + 1, payload) ?? 200
      publications.push({
        credential: parseAuthorization(req.headers.authorization),
        payload,
        signatureProblem: sigV4Problem({body: payload, headers: req.headers, method: req.method, url: req.url!}, (id) => secrets[id]),
        status,
        topic: decodeURIComponent(match[1]),
      })
      if (status === 200) {
        res.writeHead(200, {'content-type': 'application/json'}).end('{}')
        return
      }
      const type = ERRORS[status] ?? 'InvalidRequestException'
      res.writeHead(status, {'content-type': 'application/json', 'x-amzn-errortype': type}).end(JSON.stringify({message: `scripted ${status}`}))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    addSecret: (id, secret) => void (secrets[id] = secret),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    endpoint: `http://127.0.0.1:${(server.address() as {port: number}).port}`,
    publications,
    status: (r) => (responder = r),
  }
}
