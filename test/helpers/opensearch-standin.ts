// A stand-in for an OpenSearch domain's `_bulk` API: records each request (path, SigV4 credential
// and whether the signature checks out, the NDJSON actions and documents) and answers item by
// item with the status the test scripts (default 201), or fails the whole request.
import {createServer, type IncomingHttpHeaders} from 'node:http'
import {parseAuthorization, sigV4Problem, type SigV4Credential} from './sigv4-check.js'

export interface BulkOperation {
  action: {index?: {_id?: string; _index?: string}}
  document: unknown
  /** The document line exactly as sent. */
  documentLine: string
}

export interface BulkRequest {
  method: string
  path: string
  headers: IncomingHttpHeaders
  credential?: SigV4Credential
  /** undefined when the signature verified, else why not. */
  signatureProblem?: string
  operations: BulkOperation[]
  body: Buffer
}

/** Per-item status for a request (n = request number from 1); return a whole-request status instead to fail it. */
export type BulkResponder = (operation: BulkOperation, request: number) => number
export type RequestResponder = (request: number) => number | undefined

export interface OpenSearchStandin {
  endpoint: string
  requests: BulkRequest[]
  itemStatus(responder: BulkResponder): void
  requestStatus(responder: RequestResponder): void
  close(): Promise<void>
}

export async function startOpenSearchStandin(secrets: Record<string, string> = {testing: 'testing'}): Promise<OpenSearchStandin> {
  const requests: BulkRequest[] = []
  let itemResponder: BulkResponder = () => 201
  let requestResponder: RequestResponder = () => undefined
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const body = Buffer.concat(chunks)
      const lines = body.toString('utf8').split('\n')
      const operations: BulkOperation[] = []
      let malformed: string | undefined
      if (lines.at(-1) !== '') malformed = 'the bulk body must end with a newline'
      for (let i = 0; i + 1 < lines.length; i += 2) {
        try {
          operations.push({action: JSON.parse(lines[i]), document: JSON.parse(lines[i + 1]), documentLine: lines[i + 1]})
        } catch (error) {
          malformed = `line ${i + 1} or ${i + 2} is not JSON: ${(error as Error).message}`
        }
      }
      const signatureProblem = sigV4Problem({body, headers: req.headers, method: req.method!, url: req.url!}, (id) => secrets[id])
      requests.push({body, credential: parseAuthorization(req.headers.authorization), headers: req.headers, method: req.method!, operations, path: req.url!, signatureProblem})
      const n = requests.length
      const send = (status: number, payload: unknown) => {
        res.writeHead(status, {'content-type': 'application/json'})
        res.end(JSON.stringify(payload))
      }
      if (malformed) return send(400, {error: {reason: malformed, type: 'illegal_argument_exception'}, status: 400})
      const whole = requestResponder(n)
      if (whole !== undefined) return send(whole, {error: {reason: `scripted ${whole}`, type: whole === 403 ? 'security_exception' : 'scripted'}, status: whole})
      const items = operations.map((operation) => {
        const status = itemResponder(operation, n)
        const result = {_id: operation.action.index?._id, _index: req.url!.split('/')[1], status}
        if (status >= 300) {
          const type = status === 429 ? 'es_rejected_execution_exception' : status >= 500 ? 'internal_error' : 'mapper_parsing_exception'
          return {index: {...result, error: {reason: `scripted ${status}`, type}}}
        }
        return {index: {...result, result: 'created'}}
      })
      send(200, {errors: items.some((i) => i.index.status >= 300), items, took: 1})
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    endpoint: `http://127.0.0.1:${(server.address() as {port: number}).port}`,
    itemStatus: (responder) => (itemResponder = responder),
    requestStatus: (responder) => (requestResponder = responder),
    requests,
  }
}
