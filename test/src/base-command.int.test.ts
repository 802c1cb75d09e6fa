// Central error handling, as a user sees it: one line on stderr, non-zero exit, no stack trace
// unless --debug.
import {strict as assert} from 'node:assert'
import {createServer, type Server} from 'node:http'
import type {AddressInfo} from 'node:net'
import {runCli} from '../helpers/cli.js'

/** An AWS endpoint that refuses every call with AccessDenied, in each protocol's error shape. */
async function accessDeniedEndpoint(): Promise<{url: string; server: Server}> {
  const server = createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      const message = 'User: arn:aws:iam::123456789012:user/ci is not authorized to perform this action'
      if (req.headers['x-amz-target']) {
        res.writeHead(400, {'content-type': 'application/x-amz-json-1.0'}).end(JSON.stringify({__type: 'com.amazonaws#AccessDeniedException', message}))
      } else if (req.url?.startsWith('/20')) {
        // Lambda's REST API (/2015-03-31/functions/...)
        res.writeHead(403, {'content-type': 'application/json', 'x-amzn-errortype': 'AccessDeniedException'}).end(JSON.stringify({Message: message}))
      } else {
        res.writeHead(403, {'content-type': 'text/xml'}).end(`<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>${message}</Message></Error><RequestId>1</RequestId></ErrorResponse>`)
      }
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`}
}

describe('command base: errors', () => {
  it('a missing required flag is one line naming the flag', async () => {
    const result = await runCli(['package'])
    assert.notEqual(result.code, 0)
    assert.equal(result.stderr.trim(), 'Error: Missing required flag output')
    assert.equal(result.stdout, '')
  })

  it('an unknown flag is one line naming it', async () => {
    const result = await runCli(['package', '--output', '/tmp/x.zip', '--bogus'])
    assert.notEqual(result.code, 0)
    assert.match(result.stderr.trim(), /^Error: Nonexistent flag: --bogus$/)
  })

  it('a failure prints no stack trace without --debug, and one with it', async () => {
    const plain = await runCli(['package', '--output', '/nonexistent-dir/x.zip'])
    assert.equal(plain.code, 1)
    assert.equal(plain.stderr.trim().split('\n').length, 1)
    assert.match(plain.stderr, /^Error: .*nonexistent-dir/)
    const debug = await runCli(['package', '--output', '/nonexistent-dir/x.zip', '--debug'])
    assert.equal(debug.code, 1)
    assert.match(debug.stderr, /\n\s+at /)
  })

  it('access denied is one line with the code, the refusal and what to do, on every command', async () => {
    const {server, url} = await accessDeniedEndpoint()
    try {
      const source = ['--source-arn', 'arn:aws:kinesis:us-east-1:123456789012:stream/orders']
      for (const args of [['deploy', '--dry-run'], ['hook', ...source], ['pause', ...source], ['destroy', '--yes'], ['deploy', '--json']]) {
        const result = await runCli([...args, '--endpoint-url', url])
        assert.equal(result.code, 1, `${args.join(' ')}: ${result.stderr}`)
        assert.equal(result.stdout, '', args.join(' '))
        assert.equal(result.stderr.trim().split('\n').length, 1, `${args.join(' ')}: ${result.stderr}`)
        assert.match(result.stderr, /^Error: AccessDenied(Exception)?: User: .* is not authorized .*\(check the permissions of the caller/, args.join(' '))
      }
    } finally {
      server.close()
    }
  })

  it('a malformed --endpoint-url, --function or --function-arn is one line naming the flag, before any AWS call', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['deploy', '--dry-run', '--endpoint-url', 'foo'], /^Error: Invalid --endpoint-url 'foo': expected an http:\/\/ or https:\/\/ URL/],
      [['hook', '--source-arn', 'arn:aws:kinesis:us-east-1:123456789012:stream/s', '--endpoint-url', 'localhost:4566'], /^Error: Invalid --endpoint-url 'localhost:4566'/],
      [['pause', '--source-arn', 'arn:aws:kinesis:us-east-1:123456789012:stream/s', '--function', 'no/slash'], /^Error: Invalid --function 'no\/slash'/],
      [['destroy', '--yes', '--function-arn', 'arn:aws:sqs:us-east-1:123456789012:q'], /^Error: Invalid --function-arn/],
    ]
    for (const [args, message] of cases) {
      // An endpoint that does not answer: reaching AWS at all would show as a different error.
      const result = await runCli(args, {env: {AWS_ENDPOINT_URL: 'http://127.0.0.1:9'}})
      // A usage error: exit 2.
      assert.equal(result.code, 2, args.join(' '))
      assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr)
      assert.match(result.stderr, message)
      assert.equal(result.stdout, '')
    }
  })

  it('--json prints only the JSON result on stdout', async () => {
    const result = await runCli(['package', '--output', '/tmp/fanout-json-test.zip', '--json'])
    assert.equal(result.code, 0)
    const parsed = JSON.parse(result.stdout)
    assert.equal(parsed.output, '/tmp/fanout-json-test.zip')
    assert.match(parsed.sha256, /^[A-Za-z0-9+/]{43}=$/)
  })
})
