// A planted secret (a Redis password in the destination URL, an external id) appears in no output
// of any mapping command: stdout and stderr, text and --json, successes and errors, with --debug.
// The table keeps the values as written.
import {strict as assert} from 'node:assert'
import {startMappingWorld, type MappingWorld} from '../mappings/fixture.js'

const PASSWORD = 'Pl4ntedRedisPw'
const PASSWORD_2 = 'Pl4ntedRedisPwTwo'
const EXTERNAL_ID = 'Pl4nted-External-Id'
const EXTERNAL_ID_2 = 'Pl4nted-External-Id-Two'
const PLANTED = [PASSWORD, PASSWORD_2, EXTERNAL_ID, EXTERNAL_ID_2]
const ROLE = 'arn:aws:iam::123456789012:role/cross'

describe('no secret in any output of the mapping commands (kinesalite + dynalite)', function () {
  let world: MappingWorld
  const outputs: {args: string; text: string}[] = []

  before(async () => {
    world = await startMappingWorld()
  })
  after(() => world?.close())

  async function run(args: string[], expectCode?: number) {
    const result = await world.cli(args)
    outputs.push({args: args.join(' '), text: `${result.stdout}\n${result.stderr}`})
    if (expectCode !== undefined) assert.equal(result.code, expectCode, `${args.join(' ')}\n${result.stderr}`)
    return result
  }

  it('runs every mapping command on rows holding secrets, and none prints them', async () => {
    const source = ['--source-arn', world.sourceArn]
    const destArn = world.sourceArn.replace(/stream\/.*$/, `stream/${world.destStream}`)
    const redis = `rediss://app:${PASSWORD}@cache.example.com:6380`
    for (const json of [[], ['--json']]) {
      const suffix = json.length ? '-j' : ''
      await run(['register', 'redis', ...source, '--id', `cache${suffix}`, '--destination', redis, '--active', ...json], 0)
      await run(['register', 'kinesis', ...source, '--id', `cross${suffix}`, '--destination', destArn, '--destination-role-arn', ROLE, '--external-id', EXTERNAL_ID, ...json], 0)
      await run(['update', ...source, '--id', `cache${suffix}`, '--destination', `rediss://app:${PASSWORD_2}@cache.example.com:6380`, ...json], 0)
      await run(['update', ...source, '--id', `cross${suffix}`, '--external-id', EXTERNAL_ID_2, ...json], 0)
      await run(['list', ...source, ...json], 0)
      await run(['list', '--all', ...json], 0)
      await run(['set-active', ...source, '--id', `cross${suffix}`, '--active', ...json], 0)
      await run(['deactivate', ...source, '--id', `cross${suffix}`, ...json], 0)
      await run(['activate', '--id', `cache${suffix}`, ...json], 0)
      // Errors that name the destination or the row, with and without --debug.
      for (const debug of [[], ['--debug']]) {
        await run(['register', 'redis', ...source, '--id', 'bad', '--destination', `rediss://app:${PASSWORD}@`, ...json, ...debug])
        await run(['register', 'redis', ...source, '--id', `cache${suffix}`, '--destination', redis, ...json, ...debug])
        await run(['update', ...source, '--id', `cross${suffix}`, '--destination-region', 'Mars', ...json, ...debug])
        await run(['update', ...source, '--id', `cache${suffix}`, '--destination', `redis://u:${PASSWORD}@x:1`, '--destination-role-arn', ROLE, ...json, ...debug])
        await run(['register', 'kinesis', ...source, '--id', 'bad2', '--destination', destArn, '--external-id', EXTERNAL_ID, ...json, ...debug])
        await run(['register', 'kinesis', ...source, '--id', 'bad3', '--destination', destArn, '--external-id', `${EXTERNAL_ID} with spaces`, '--destination-role-arn', ROLE, ...json, ...debug])
      }
    }
    // A hand-written invalid row holding both secrets.
    await world.put({
      active: {S: 'yes'}, destination: {S: `rediss://app:${PASSWORD}@`}, externalId: {S: EXTERNAL_ID}, id: {S: 'hand'}, sourceArn: {S: world.sourceArn}, type: {S: 'redis'},
    })
    await run(['list', ...source], 0)
    await run(['list', ...source, '--json'], 0)
    await run(['update', ...source, '--id', 'hand', '--active', '--debug'])
    await run(['unregister', ...source, '--id', 'cache', '--yes'], 0)
    await run(['unregister', ...source, '--id', 'cross-j', '--yes', '--json'], 0)

    const leaks = outputs.filter(({text}) => PLANTED.some((secret) => text.includes(secret)))
    assert.deepEqual(leaks.map((leak) => `${leak.args}\n${leak.text}`), [])
    // The masks are shown instead, and the table keeps the values as written.
    assert.ok(outputs.some(({text}) => text.includes('rediss://app:****@cache.example.com:6380')))
    assert.ok(outputs.some(({text}) => text.includes('"externalId": "****"')))
    // The error paths did run: the invalid destination is named (masked), and --debug printed a stack.
    assert.ok(outputs.some(({args, text}) => args.includes('--debug') && /destination 'rediss:\/\/app:\*\*\*\*@' is not/.test(text) && /\n\s+at /.test(text)))
    assert.ok(outputs.some(({text}) => /already exists/.test(text)))
    const rows = await world.scan()
    assert.equal(rows.find((r) => r.id.S === 'cache-j')?.destination.S, `rediss://app:${PASSWORD_2}@cache.example.com:6380`)
    assert.equal(rows.find((r) => r.id.S === 'cross')?.externalId?.S, EXTERNAL_ID_2)
  })
})
