// sendAbortable: a call's own signal aborts that call's HTTP request (and only that call's), though
// the client reuses one resolved middleware stack for every command.
import assert from 'node:assert/strict'
import {createServer, type ServerResponse} from 'node:http'
import type {AddressInfo} from 'node:net'
import {SendMessageBatchCommand, SQSClient} from '@aws-sdk/client-sqs'
import {CACHED_MIDDLEWARE, createClient, sendAbortable} from '../../../runtime/aws/client-factory.js'

describe('client factory: sendAbortable', () => {
  it('aborts only the call whose signal aborts, closing its request; the other call is answered', async () => {
    const held: Array<{body: string; response: ServerResponse}> = []
    const closed: string[] = []
    const server = createServer((request, response) => {
      let body = ''
      request.on('data', (chunk) => (body += chunk))
      request.on('end', () => held.push({body, response}))
      response.on('close', () => {
        if (!response.writableEnded) closed.push(body)
      })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    // A handler of its own (requestTimeoutMs), so destroy() leaves the shared agent alone.
    const client = createClient(SQSClient, {credentials: {accessKeyId: 'a', secretAccessKey: 's'}, endpoint, maxAttempts: 1, region: 'us-east-1', requestTimeoutMs: 5_000, extra: CACHED_MIDDLEWARE})
    const command = (body: string) => new SendMessageBatchCommand({Entries: [{Id: '0', MessageBody: body}], QueueUrl: `${endpoint}/123456789012/q`})
    try {
      const first = new AbortController()
      const second = new AbortController()
      const aborted = sendAbortable(client, command('first'), first.signal)
      const answered = sendAbortable<{Successful?: Array<{Id?: string}>}>(client, command('second'), second.signal)
      while (held.length < 2) await new Promise((resolve) => setTimeout(resolve, 5))
      first.abort()
      await assert.rejects(aborted, (error: Error) => error.name === 'AbortError')
      const reply = held.find((call) => call.body.includes('second'))!.response
      const text = JSON.stringify({Failed: [], Successful: [{Id: '0', MD5OfMessageBody: 'a9f0e61a137d86aa9db53465e0801612', MessageId: 'm'}]})
      reply.writeHead(200, {'content-type': 'application/x-amz-json-1.0'}).end(text)
      assert.deepEqual((await answered).Successful?.map((s) => s.Id), ['0'])
      while (closed.length < 1) await new Promise((resolve) => setTimeout(resolve, 5))
      assert.ok(closed[0].includes('first'), 'the aborted call’s request was closed')
      assert.equal(closed.length, 1)
      assert.ok(second.signal.aborted === false)
    } finally {
      client.destroy()
      for (const {response} of held) response.destroy()
      server.close()
    }
  })
})
