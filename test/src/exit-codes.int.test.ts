// Exit codes and the environment defaults of the command base (docs/architecture.md, "The CLI"), as a user
// meets them: usage errors exit 2, other failures 1, a "no" to a confirmation prints "Cancelled:
// nothing changed" and exits 1, Ctrl-C exits 130; KINESIS_FANOUT_FUNCTION / KINESIS_FANOUT_TABLE
// are defaults that flags override.
import {strict as assert} from 'node:assert'
import {runCli} from '../helpers/cli.js'
import {startSilentServer} from '../helpers/silent-server.js'
import {atTerminal, requireTerminal} from '../helpers/terminal.js'
import {startMappingWorld, type MappingWorld} from './mappings/fixture.js'

describe('command base: exit codes', function () {
  this.timeout(60_000)
  let world: MappingWorld

  before(async () => {
    world = await startMappingWorld()
  })
  after(async () => {
    await world?.close()
  })

  it('usage errors exit 2: an unknown flag, a bad flag value, a malformed name or ARN', async () => {
    for (const args of [
      ['list', '--all', '--bogus'],
      ['list', '--all', '--cli-read-timeout', '-1'],
      ['list', '--all', '--function', 'bad name!'],
      ['list', '--all', '--function-arn', 'arn:aws:s3:::bucket'],
      ['list', '--all', '--endpoint-url', 'ftp://x'],
      ['package'],
    ]) {
      const result = await runCli(args, {env: world.env})
      assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`)
      assert.equal(result.stderr.trim().split('\n').length, 1, `${args.join(' ')}: ${result.stderr}`)
      assert.equal(result.stdout, '')
    }
  })

  it('other failures exit 1', async () => {
    const result = await world.cli(['list', '--all', '--table', 'no-such-table'])
    assert.equal(result.code, 1, result.stderr)
    assert.match(result.stderr, /^Error: Configuration table 'no-such-table' not found/)
  })

  it('a "no" at the confirmation prints "Cancelled: nothing changed", exits 1 and keeps the row; Ctrl-C there exits 130', async function () {
    requireTerminal(this)
    const add = await world.cli(['register', 'kinesis', '--source-arn', world.sourceArn, '--id', 'keep', '--destination', world.destStream])
    assert.equal(add.code, 0, add.stderr)
    const args = ['unregister', '--source-arn', world.sourceArn, '--id', 'keep', '--table', world.table]
    const declined = await atTerminal(args, {env: world.env, steps: [{keys: 'n\r', waitFor: /Delete mapping/}]})
    assert.equal(declined.code, 1, declined.text)
    assert.match(declined.text, /Cancelled: nothing changed/)
    const interrupted = await atTerminal(args, {env: world.env, steps: [{interrupt: true, waitFor: /Delete mapping/}]})
    assert.equal(interrupted.code, 130, interrupted.text)
    assert.match(interrupted.text, /Interrupted: nothing changed/)
    const rows = await world.scan()
    assert.deepEqual(
      rows.map((row) => row.id.S),
      ['keep'],
    )
  })

  it('Ctrl-C while a command waits on AWS exits 130', async function () {
    requireTerminal(this)
    const silent = await startSilentServer()
    try {
      const result = await atTerminal(['list', '--all', '--endpoint-url', silent.endpoint], {steps: [{interrupt: true, waitFor: /Waiting for DynamoDB/}]})
      assert.equal(result.code, 130, result.text)
    } finally {
      await silent.close()
    }
  })
})

describe('command base: KINESIS_FANOUT_FUNCTION and KINESIS_FANOUT_TABLE', function () {
  this.timeout(60_000)
  let world: MappingWorld

  before(async () => {
    world = await startMappingWorld()
    const add = await world.cli(['register', 'kinesis', '--source-arn', world.sourceArn, '--id', 'env', '--destination', world.destStream])
    assert.equal(add.code, 0, add.stderr)
  })
  after(async () => {
    await world?.close()
  })

  const list = (args: string[], env: Record<string, string>) => runCli(['list', '--all', '--json', ...args], {env: {...world.env, ...env}})

  it('KINESIS_FANOUT_TABLE names the table when no flag does', async () => {
    const result = await list([], {KINESIS_FANOUT_TABLE: world.table})
    assert.equal(result.code, 0, result.stderr)
    assert.deepEqual(
      JSON.parse(result.stdout).map((m: {id: string}) => m.id),
      ['env'],
    )
  })

  it('KINESIS_FANOUT_FUNCTION makes the default table <function>Targets', async () => {
    const result = await list([], {KINESIS_FANOUT_FUNCTION: 'other'})
    assert.equal(result.code, 1)
    assert.match(result.stderr, /Configuration table 'otherTargets' not found/)
  })

  it('flags win: --table over KINESIS_FANOUT_TABLE, --function over both variables', async () => {
    const table = await list(['--table', 'flagTable'], {KINESIS_FANOUT_TABLE: world.table})
    assert.match(table.stderr, /Configuration table 'flagTable' not found/)
    const fn = await list(['--function', 'flagFn'], {KINESIS_FANOUT_FUNCTION: 'envFn', KINESIS_FANOUT_TABLE: world.table})
    assert.match(fn.stderr, /Configuration table 'flagFnTargets' not found/)
    const arn = await list(['--function-arn', 'arn:aws:lambda:us-east-1:123456789012:function:arnFn'], {KINESIS_FANOUT_FUNCTION: 'envFn'})
    assert.match(arn.stderr, /Configuration table 'arnFnTargets' not found/)
  })

  it('a malformed KINESIS_FANOUT_FUNCTION is a usage error naming the variable', async () => {
    const result = await list([], {KINESIS_FANOUT_FUNCTION: 'bad name'})
    assert.equal(result.code, 2)
    assert.match(result.stderr, /^Error: Invalid KINESIS_FANOUT_FUNCTION 'bad name'/)
  })
})
