// No command hangs (docs/architecture.md, "The CLI"): against an endpoint that accepts connections and never
// answers, `list` and `register` fail within --cli-read-timeout plus 15 s, with one line naming the
// service and the endpoint, without retrying the call; at a terminal a spinner shows meanwhile.
import {strict as assert} from 'node:assert'
import {runCli} from '../../helpers/cli.js'
import {startSilentServer, type SilentServer} from '../../helpers/silent-server.js'
import {atTerminal, requireTerminal} from '../../helpers/terminal.js'

const SOURCE_ARN = 'arn:aws:kinesis:us-east-1:123456789012:stream/orders'

describe('AWS calls time out (an endpoint that never answers)', function () {
  this.timeout(60_000)
  let silent: SilentServer

  beforeEach(async () => {
    silent = await startSilentServer()
  })
  afterEach(async () => {
    await silent?.close()
  })

  const oneLine = (stderr: string) => {
    const lines = stderr.trim().split('\n')
    assert.equal(lines.length, 1, stderr)
    return lines[0]
  }

  it('list fails after the read timeout with one line naming DynamoDB and the endpoint, and does not retry', async () => {
    const started = Date.now()
    const result = await runCli(['list', '--all', '--endpoint-url', silent.endpoint, '--cli-read-timeout', '2'])
    const elapsed = Date.now() - started
    assert.equal(result.code, 1, result.stderr)
    assert.equal(
      oneLine(result.stderr),
      `Error: DynamoDB did not answer Scan within 2 s at ${silent.endpoint} (read timeout: --cli-read-timeout SECONDS waits longer; check --endpoint-url, --region and the network)`,
    )
    assert.ok(elapsed < 2_000 + 15_000, `took ${elapsed} ms`)
    assert.ok(elapsed >= 2_000, `took ${elapsed} ms`)
    assert.deepEqual(silent.requests, ['POST / HTTP/1.1'])
  })

  it('register fails the same way when DynamoDB never answers the write', async () => {
    const started = Date.now()
    const args = ['register', 'sqs', '--source-arn', SOURCE_ARN, '--id', 'q', '--destination', `${silent.endpoint}/123456789012/q`]
    const result = await runCli([...args, '--endpoint-url', silent.endpoint, '--cli-read-timeout', '1'])
    const elapsed = Date.now() - started
    assert.equal(result.code, 1, result.stderr)
    assert.match(oneLine(result.stderr), new RegExp(`^Error: DynamoDB did not answer \\w+ within 1 s at ${silent.endpoint.replace(/\./g, '\\.')} \\(read timeout`))
    assert.ok(elapsed < 1_000 + 15_000, `took ${elapsed} ms`)
    assert.equal(silent.requests.length, 1, silent.requests.join(', '))
    assert.equal(result.stdout, '')
  })

  it('--cli-read-timeout takes whole seconds, 0 or more (a usage error otherwise)', async () => {
    const result = await runCli(['list', '--all', '--cli-read-timeout', 'soon'])
    assert.equal(result.code, 2, result.stderr)
    assert.match(result.stderr, /cli-read-timeout/)
    assert.equal(silent.requests.length, 0)
  })

  it('at a terminal, a spinner names the call while it waits', async function () {
    requireTerminal(this)
    const result = await atTerminal(['list', '--all', '--endpoint-url', silent.endpoint, '--cli-read-timeout', '3'])
    assert.equal(result.code, 1, result.text)
    assert.match(result.text, /Waiting for DynamoDB \(Scan\)/)
    assert.match(result.text, /Error: DynamoDB did not answer Scan within 3 s/)
  })
})
