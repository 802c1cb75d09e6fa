// The test tier's own safety net: the loopback guard refuses every host outside 127.0.0.0/8 and
// ::1 (in a child, as NODE_OPTIONS loads it), and the catch-all endpoint answers with a refusal.
import {strict as assert} from 'node:assert'
import {spawn} from 'node:child_process'
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
// @ts-expect-error plain JS module without declarations
import {isAllowedHost} from './loopback-guard.mjs'
import {runCli} from './cli.js'
import {TEST_AWS_ENV} from './emulators.js'

/** Runs `node -e script` with the tests' environment, its refusals logged to a file of its own. */
function guardedChild(script: string): Promise<{code: number; stderr: string; refused: Array<{what: string}>}> {
  const log = join(mkdtempSync(join(tmpdir(), 'guard-test-')), 'refused.jsonl')
  writeFileSync(log, '')
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', script], {env: {PATH: process.env.PATH, ...TEST_AWS_ENV, FANOUT_LOOPBACK_GUARD_LOG: log}, stdio: ['ignore', 'pipe', 'pipe']})
    let stderr = ''
    child.stderr.on('data', (chunk) => (stderr += chunk))
    child.on('error', reject)
    child.on('close', (code) => {
      const refused = readFileSync(log, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line))
      resolve({code: code ?? -1, refused, stderr})
    })
  })
}

describe('loopback guard (test setup)', () => {
  it('allows loopback addresses and localhost names only', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', '::1', '[::1]', '::ffff:127.0.0.1', 'localhost', 'cluster.cfg.localhost', undefined, '']) {
      assert.equal(isAllowedHost(host), true, String(host))
    }
    for (const host of ['10.0.0.1', '0.0.0.0', '::', '169.254.169.254', 'sts.amazonaws.com', 'localhost.localstack.cloud', '::ffff:10.0.0.1']) {
      assert.equal(isAllowedHost(host), false, host)
    }
  })

  it('refuses, in a Node child, connections and DNS lookups outside loopback, naming the host', async () => {
    const script = `
      const errors = []
      const wait = (p) => p.then(() => errors.push('reached'), (e) => errors.push(e.cause?.code ?? e.code))
      await Promise.all([
        wait(fetch('https://sts.amazonaws.com/')),
        wait(new Promise((ok, no) => require('node:http').get('http://169.254.169.254/latest/meta-data/', ok).on('error', no))),
        wait(new Promise((ok, no) => require('node:net').connect(443, '10.1.2.3', ok).on('error', no))),
        wait(require('node:dns').promises.lookup('example.com')),
        wait(require('node:dns').promises.resolve4('example.org')),
      ])
      console.error(JSON.stringify(errors))
    `
    const {refused, stderr} = await guardedChild(`(async () => {${script}})()`)
    const codes = JSON.parse(stderr.trim().split('\n').pop()!)
    assert.deepEqual(codes, Array(5).fill('ERR_TEST_LOOPBACK_GUARD'))
    const what = refused.map((entry) => entry.what).sort()
    assert.deepEqual(what, [
      'a DNS lookup of example.com',
      'a DNS lookup of example.org',
      'a connection to 10.1.2.3:443',
      'a connection to 169.254.169.254:80',
      'a connection to sts.amazonaws.com:443',
    ])
    assert.match(stderr, /loopback guard: refused a connection to 10\.1\.2\.3:443/)
  })

  it('lets loopback through and answers .localhost names itself', async () => {
    const script = `
      const server = require('node:http').createServer((q, r) => r.end('ok')).listen(0, '127.0.0.1', async () => {
        const port = server.address().port
        const a = await (await fetch('http://127.0.0.1:' + port)).text()
        const b = await (await fetch('http://localhost:' + port)).text().catch((e) => e.cause?.code)
        const c = await require('node:dns').promises.lookup('cluster.cfg.localhost')
        console.error(JSON.stringify([a, c.address]))
        server.close()
      })
    `
    const {refused, stderr} = await guardedChild(script)
    assert.deepEqual(JSON.parse(stderr.trim().split('\n').pop()!), ['ok', '127.0.0.1'])
    assert.deepEqual(refused, [])
  })

  it('gives the CLI a catch-all AWS endpoint that refuses, naming the service and operation', async () => {
    const result = await runCli(['list', '--all'])
    assert.equal(result.code, 1)
    assert.match(result.stderr, /TestEndpointNotConfigured: kinesis-fanout tests: dynamodb Scan reached the catch-all test endpoint/)
  })
})
