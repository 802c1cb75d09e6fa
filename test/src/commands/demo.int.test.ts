// `demo` as a user runs it: no AWS account (no credentials, no endpoints), a clean state.
import {strict as assert} from 'node:assert'
import {mkdtempSync, writeFileSync} from 'node:fs'
import {createServer, type Server} from 'node:http'
import type {AddressInfo} from 'node:net'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {runCli} from '../../helpers/cli.js'

// Nothing AWS from the environment: the demo must need none of it.
const CLEAN_ENV = {
  AWS_ACCESS_KEY_ID: undefined,
  AWS_ENDPOINT_URL: undefined,
  AWS_ENDPOINT_URL_DYNAMODB: undefined,
  AWS_ENDPOINT_URL_KINESIS: undefined,
  AWS_REGION: undefined,
  AWS_SECRET_ACCESS_KEY: undefined,
  AWS_SESSION_TOKEN: undefined,
  AWS_CONFIG_FILE: '/nonexistent/config',
  AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials',
}

describe('demo command', function () {
  this.timeout(90_000)

  it('--json: runs the whole pipeline within a minute and reports records in and delivered per mapping', async () => {
    const started = Date.now()
    const result = await runCli(['demo', '--json'], {env: CLEAN_ENV})
    const seconds = (Date.now() - started) / 1000
    assert.equal(result.code, 0, result.stderr)
    assert.ok(seconds < 60, `took ${seconds} s`)
    const summary = JSON.parse(result.stdout)
    assert.equal(summary.ok, true)
    assert.equal(summary.recordsIn, 8)
    assert.equal(summary.userRecordsIn, 16)
    assert.equal(summary.table, 'fanoutTargets')
    assert.ok(summary.invocations >= 1)
    const byId = Object.fromEntries(summary.mappings.map((m: {id: string}) => [m.id, m]))
    assert.deepEqual(
      ['copy-all', 'user-records', 'paused'].map((id) => [id, byId[id].delivered, byId[id].reportedByFunction, byId[id].identical]),
      [
        ['copy-all', 8, 8, true],
        ['user-records', 16, 16, true],
        ['paused', 0, 0, true],
      ],
    )
    assert.equal(result.stderr, '', '--json prints nothing but the summary')
  })

  it('shows what arrived at each destination and a summary, and exits 0', async () => {
    const result = await runCli(['demo'], {env: CLEAN_ENV})
    assert.equal(result.code, 0, result.stderr)
    assert.match(result.stdout, /fanout-demo-users .*: 16 records/)
    assert.match(result.stdout, /session-1 \{"event":"click","page":"\/menu\/9","session":"s-1"\}/)
    assert.match(result.stdout, /KPL aggregate: 5 user records/)
    assert.match(result.stdout, /records in: +8 Kinesis records on fanout-demo-orders \(16 user records\)/)
    assert.match(result.stdout, /user-records +fanout-demo-users +16/)
    assert.match(result.stderr, /Registered 3 mappings/)
  })

  describe('whatever the AWS settings of the machine say', () => {
    // Every request that reaches this server is one the demo sent somewhere else than its emulators.
    const strayRequests: string[] = []
    let trap: Server
    let trapUrl: string
    let configFile: string

    before(async () => {
      trap = createServer((request, response) => {
        strayRequests.push(`${request.method} ${request.headers['x-amz-target'] ?? request.url}`)
        response.writeHead(500).end()
      })
      await new Promise<void>((resolve) => trap.listen(0, '127.0.0.1', resolve))
      trapUrl = `http://127.0.0.1:${(trap.address() as AddressInfo).port}`
      configFile = join(mkdtempSync(join(tmpdir(), 'fanout-demo-aws-')), 'config')
      writeFileSync(configFile, `[default]\nregion = mars-1\nendpoint_url = ${trapUrl}\n[profile elsewhere]\nregion = xx-odd-9\nendpoint_url = ${trapUrl}\ncredential_process = /bin/false\n`)
    })

    after(() => new Promise<void>((resolve) => trap.close(() => resolve())))

    it('ignores endpoints, region, account, profile and FIPS settings of the environment and the config file', async () => {
      const result = await runCli(['demo', '--json'], {
        env: {
          AWS_ACCOUNT_ID: '999999999999',
          AWS_CONFIG_FILE: configFile,
          AWS_DEFAULTS_MODE: 'bogus',
          AWS_DEFAULT_REGION: 'mars-2',
          AWS_ENDPOINT_URL: trapUrl,
          AWS_ENDPOINT_URL_DYNAMODB: trapUrl,
          AWS_ENDPOINT_URL_KINESIS: trapUrl,
          AWS_PROFILE: 'elsewhere',
          AWS_REGION: 'mars-1',
          AWS_USE_FIPS_ENDPOINT: 'true',
        },
      })
      assert.equal(result.code, 0, result.stderr)
      assert.equal(JSON.parse(result.stdout).ok, true)
      assert.deepEqual(strayRequests, [])
    })

    it('AWS_IGNORE_CONFIGURED_ENDPOINT_URLS or dual-stack endpoints do not send it to AWS', async () => {
      // Without the emulators' endpoints the SDK would call kinesis.us-east-1.amazonaws.com.
      const result = await runCli(['demo', '--json'], {
        env: {...CLEAN_ENV, AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true', AWS_USE_DUALSTACK_ENDPOINT: 'true'},
      })
      assert.equal(result.code, 0, result.stderr)
      assert.equal(JSON.parse(result.stdout).ok, true)
    })
  })
})
