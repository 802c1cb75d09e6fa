// A recording proxy in front of moto's STS: every request (form body: Action, RoleArn, ExternalId,
// ...) is kept, forwarded to moto, and the credentials moto hands out are reported so stand-ins can
// verify signatures made with them.
import {createServer} from 'node:http'

export interface StsCall {
  params: URLSearchParams
  accessKeyId?: string
  secretAccessKey?: string
}

export interface StsProxy {
  endpoint: string
  calls: StsCall[]
  close(): Promise<void>
}

export async function startStsProxy(target: string, onCredentials: (accessKeyId: string, secret: string) => void = () => {}): Promise<StsProxy> {
  const calls: StsCall[] = []
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', async () => {
      const body = Buffer.concat(chunks)
      const headers = Object.fromEntries(Object.entries(req.headers).filter(([name]) => !['host', 'content-length', 'connection'].includes(name))) as Record<string, string>
      try {
        const upstream = await fetch(new URL(req.url!, target), {body: req.method === 'GET' ? undefined : body, headers, method: req.method})
        const text = await upstream.text()
        const call: StsCall = {params: new URLSearchParams(body.toString())}
        const id = /<AccessKeyId>([^<]+)<\/AccessKeyId>/.exec(text)?.[1]
        const secret = /<SecretAccessKey>([^<]+)<\/SecretAccessKey>/.exec(text)?.[1]
        if (id && secret) {
          Object.assign(call, {accessKeyId: id, secretAccessKey: secret})
          onCredentials(id, secret)
        }
        calls.push(call)
        res.writeHead(upstream.status, {'content-type': upstream.headers.get('content-type') ?? 'text/xml'}).end(text)
      } catch (error) {
        res.writeHead(502).end(String(error))
      }
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    calls,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    endpoint: `http://127.0.0.1:${(server.address() as {port: number}).port}`,
  }
}
