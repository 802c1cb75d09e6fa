// A loopback stand-in in front of moto server that fixes, for the calls the tests make, the gaps of
// moto 5.2.5 that issue 12 lists, so tests assert what real AWS does instead of being weakened:
//
//   1. Lambda refuses an event source mapping whose EventSourceArn is a consumer ARN ("Invalid
//      EventSourceArn"): the stand-in creates it on the consumer's stream and answers, and from then
//      on lists, gets, updates and deletes it, with the consumer ARN (remembered by UUID);
//      ListEventSourceMappings by a consumer ARN lists only the mappings on that consumer, and by a
//      stream ARN not those.
//   2. DeregisterStreamConsumer by stream and name deletes the other consumers, 3. a duplicate
//      consumer name is accepted, 4. consumer ARNs lack the `:<epoch>` suffix, 5. consumers are
//      ACTIVE at once: the consumer calls (Register/Describe/List/DeregisterStreamConsumer, and
//      ListTagsForResource on a consumer ARN) are answered by the stand-in itself, as Kinesis does:
//      ARN `<stream>/consumer/<name>:<epoch>`, CREATING for `activationMs` then ACTIVE, DELETING then
//      gone, ResourceInUseException for a duplicate name, LimitExceededException past 20, tags kept.
//      The stream's existence is checked with moto (DescribeStreamSummary).
//   6. GetMetricData answers SEARCH and metric-math queries with nothing: nothing to fix, `status`
//      queries each metric by name and dimensions (one MetricStat per metric and mapping), which
//      moto answers.
// Everything else goes to moto unchanged. .ci/run starts a plain moto_server; the tests start this.
import {createServer, request, type IncomingMessage, type Server, type ServerResponse} from 'node:http'
import type {AddressInfo} from 'node:net'

interface StandInConsumer {
  name: string
  arn: string
  streamArn: string
  createdAt: number
  status: 'CREATING' | 'ACTIVE' | 'DELETING'
  tags: Record<string, string>
}

export interface MotoFixes {
  endpoint: string
  consumers: StandInConsumer[]
  close(): Promise<void>
}

const read = (stream: IncomingMessage): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    stream.on('data', (chunk: Buffer) => chunks.push(chunk))
    stream.on('end', () => resolve(Buffer.concat(chunks)))
    stream.on('error', reject)
  })

export async function startMotoFixes(moto: string, options: {activationMs?: number; deletionMs?: number} = {}): Promise<MotoFixes> {
  const upstream = new URL(moto)
  const activationMs = options.activationMs ?? 1500
  const deletionMs = options.deletionMs ?? 300
  const consumers: StandInConsumer[] = []
  /** Event source mapping UUID -> the consumer ARN it reads through. */
  const onConsumer = new Map<string, string>()

  const forward = (
    req: IncomingMessage,
    body: Buffer,
    path = req.url ?? '/',
    extra: Record<string, string> = {},
  ): Promise<{status: number; headers: Record<string, unknown>; body: Buffer}> =>
    new Promise((resolve, reject) => {
      const headers = {...req.headers, ...extra, 'content-length': String(body.length), host: upstream.host}
      delete headers['accept-encoding']
      delete headers['transfer-encoding']
      const call = request({headers, host: upstream.hostname, method: req.method, path, port: upstream.port}, async (answer) => {
        resolve({body: await read(answer), headers: answer.headers, status: answer.statusCode ?? 500})
      })
      call.on('error', reject)
      call.end(body)
    })

  const json = (res: ServerResponse, status: number, value: unknown, type = 'application/x-amz-json-1.1') => {
    const text = JSON.stringify(value)
    res.writeHead(status, {'content-length': Buffer.byteLength(text), 'content-type': type})
    res.end(text)
  }
  const kinesisError = (res: ServerResponse, type: string, message: string) => json(res, 400, {__type: type, message})

  const refresh = (consumer: StandInConsumer) => {
    if (consumer.status === 'CREATING' && Date.now() - consumer.createdAt >= activationMs) consumer.status = 'ACTIVE'
    return consumer
  }
  const describe = (consumer: StandInConsumer) => ({
    ConsumerARN: consumer.arn,
    ConsumerCreationTimestamp: consumer.createdAt / 1000,
    ConsumerName: consumer.name,
    ConsumerStatus: refresh(consumer).status,
  })
  const find = (input: {ConsumerARN?: string; StreamARN?: string; ConsumerName?: string}) =>
    consumers.find((c) => (input.ConsumerARN ? c.arn === input.ConsumerARN : c.streamArn === input.StreamARN && c.name === input.ConsumerName))

  async function kinesis(action: string, req: IncomingMessage, body: Buffer, res: ServerResponse): Promise<boolean> {
    const input = body.length ? JSON.parse(body.toString()) : {}
    switch (action) {
      case 'RegisterStreamConsumer': {
        const summary = await forward(req, Buffer.from(JSON.stringify({StreamARN: input.StreamARN})), req.url, {
          'x-amz-target': 'Kinesis_20131202.DescribeStreamSummary',
        })
        if (summary.status !== 200) {
          kinesisError(res, 'ResourceNotFoundException', `Stream ${input.StreamARN} not found`)
          return true
        }
        if (find(input)) return kinesisError(res, 'ResourceInUseException', `Consumer ${input.ConsumerName} already exists`), true
        if (consumers.filter((c) => c.streamArn === input.StreamARN).length >= 20) {
          return kinesisError(res, 'LimitExceededException', 'A stream can have at most 20 consumers'), true
        }
        const createdAt = Date.now()
        const consumer: StandInConsumer = {
          arn: `${input.StreamARN}/consumer/${input.ConsumerName}:${Math.floor(createdAt / 1000)}`,
          createdAt,
          name: input.ConsumerName,
          status: 'CREATING',
          streamArn: input.StreamARN,
          tags: {...input.Tags},
        }
        consumers.push(consumer)
        json(res, 200, {Consumer: describe(consumer)})
        return true
      }
      case 'DescribeStreamConsumer': {
        const consumer = find(input)
        if (!consumer) return kinesisError(res, 'ResourceNotFoundException', 'Consumer not found'), true
        json(res, 200, {ConsumerDescription: {...describe(consumer), StreamARN: consumer.streamArn}})
        return true
      }
      case 'ListStreamConsumers':
        json(res, 200, {Consumers: consumers.filter((c) => c.streamArn === input.StreamARN).map(describe)})
        return true
      case 'DeregisterStreamConsumer': {
        const consumer = find(input)
        if (!consumer) return kinesisError(res, 'ResourceNotFoundException', 'Consumer not found'), true
        consumer.status = 'DELETING'
        setTimeout(() => consumers.splice(consumers.indexOf(consumer), 1), deletionMs).unref()
        json(res, 200, {})
        return true
      }
      case 'ListTagsForResource': {
        const consumer = consumers.find((c) => c.arn === input.ResourceARN)
        if (!consumer) return false
        json(res, 200, {Tags: Object.entries(consumer.tags).map(([Key, Value]) => ({Key, Value}))})
        return true
      }
      default:
        return false
    }
  }

  /** Lambda's answers about mappings on a consumer: the consumer ARN, as Lambda gives it. */
  const withConsumer = (mapping: {UUID?: string; EventSourceArn?: string}) =>
    mapping.UUID && onConsumer.has(mapping.UUID) ? {...mapping, EventSourceArn: onConsumer.get(mapping.UUID)} : mapping

  async function lambda(req: IncomingMessage, body: Buffer, res: ServerResponse): Promise<boolean> {
    const url = new URL(req.url ?? '/', 'http://stand-in')
    if (!/^\/2015-03-31\/event-source-mappings\/?/.test(url.pathname)) return false
    const reply = (answer: {status: number; headers: Record<string, unknown>}, value: unknown) => json(res, answer.status, value, 'application/json')
    if (req.method === 'POST') {
      const input = JSON.parse(body.toString() || '{}')
      const consumer = consumers.find((c) => c.arn === input.EventSourceArn)
      if (!consumer) return false
      const answer = await forward(req, Buffer.from(JSON.stringify({...input, EventSourceArn: consumer.streamArn})))
      const out = JSON.parse(answer.body.toString() || '{}')
      if (answer.status < 300 && out.UUID) onConsumer.set(out.UUID, consumer.arn)
      reply(answer, withConsumer(out))
      return true
    }
    if (req.method === 'GET' && /\/event-source-mappings\/?$/.test(url.pathname)) {
      const asked = url.searchParams.get('EventSourceArn')
      const consumerAsked = asked ? consumers.find((c) => c.arn === asked) : undefined
      let path = req.url
      if (consumerAsked) {
        url.searchParams.set('EventSourceArn', consumerAsked.streamArn)
        path = `${url.pathname}?${url.searchParams}`
      }
      const answer = await forward(req, body, path)
      const out = JSON.parse(answer.body.toString() || '{}')
      let mappings = ((out.EventSourceMappings ?? []) as Array<{UUID?: string; EventSourceArn?: string}>).map(withConsumer)
      if (asked) mappings = mappings.filter((m) => m.EventSourceArn === asked)
      reply(answer, {...out, EventSourceMappings: mappings})
      return true
    }
    // GET, PUT, DELETE of one mapping.
    const answer = await forward(req, body)
    const text = answer.body.toString()
    if (!text) {
      res.writeHead(answer.status)
      res.end()
      return true
    }
    const out = JSON.parse(text)
    reply(answer, withConsumer(out))
    if (req.method === 'DELETE' && answer.status < 300 && out.UUID) setTimeout(() => onConsumer.delete(out.UUID), 1000).unref()
    return true
  }

  const server: Server = createServer(async (req, res) => {
    try {
      const body = await read(req)
      const target = String(req.headers['x-amz-target'] ?? '')
      if (target.startsWith('Kinesis_20131202.') && (await kinesis(target.split('.')[1], req, body, res))) return
      if (await lambda(req, body, res)) return
      const answer = await forward(req, body)
      const headers = {...answer.headers}
      delete headers['transfer-encoding']
      headers['content-length'] = String(answer.body.length)
      res.writeHead(answer.status, headers as Record<string, string>)
      res.end(answer.body)
    } catch (error) {
      res.writeHead(502, {'content-type': 'text/plain'})
      res.end(String(error))
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const {port} = server.address() as AddressInfo
  return {
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    consumers,
    endpoint: `http://127.0.0.1:${port}`,
  }
}
