// `demo` as a user runs it: no AWS account (no credentials, no endpoints), a clean state.
import {strict as assert} from 'node:assert'
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
})
