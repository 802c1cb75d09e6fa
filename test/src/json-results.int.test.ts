// The --json results as printed, against the keys src/results.ts declares (and the snapshot pins):
// the commands that run without moto (package, demo, the mapping commands on dynalite).
import {strict as assert} from 'node:assert'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {RESULT_KEYS} from '../../src/results.js'
import {runCli} from '../helpers/cli.js'
import {startMappingWorld, type MappingWorld} from './mappings/fixture.js'

const keysOf = (value: object) => Object.keys(value).sort()
const within = (keys: string[], allowed: string[], what: string) => assert.deepEqual(keys.filter((key) => !allowed.includes(key)), [], `${what}: keys not in src/results.ts`)

describe('--json results have the declared keys', function () {
  this.timeout(90_000)
  let world: MappingWorld

  before(async () => {
    world = await startMappingWorld()
  })
  after(async () => {
    await world?.close()
  })

  it('package', async () => {
    const result = await runCli(['package', '--output', join(tmpdir(), `fanout-keys-${process.pid}.zip`), '--json'])
    assert.equal(result.code, 0, result.stderr)
    assert.deepEqual(keysOf(JSON.parse(result.stdout)), RESULT_KEYS.package.result)
  })

  it('demo', async () => {
    const result = await runCli(['demo', '--json'])
    assert.equal(result.code, 0, result.stderr)
    assert.deepEqual(keysOf(JSON.parse(result.stdout)), RESULT_KEYS.demo.summary)
  })

  it('register, update, set-active and list print mapping items', async () => {
    const item = RESULT_KEYS.register.item
    const register = await world.cli(['register', 'kinesis', '--source-arn', world.sourceArn, '--id', 'keys', '--destination', world.destStream, '--json'])
    assert.equal(register.code, 0, register.stderr)
    const written = JSON.parse(register.stdout)
    within(keysOf(written), item, 'register')
    for (const key of ['sourceArn', 'id', 'type', 'destination', 'active']) assert.ok(key in written, key)
    const update = await world.cli(['update', '--source-arn', world.sourceArn, '--id', 'keys', '--deaggregate', '--json'])
    assert.equal(update.code, 0, update.stderr)
    within(keysOf(JSON.parse(update.stdout)), item, 'update')
    const active = await world.cli(['set-active', '--source-arn', world.sourceArn, '--id', 'keys', '--active', '--json'])
    assert.equal(active.code, 0, active.stderr)
    within(keysOf(JSON.parse(active.stdout)), item, 'set-active')
    const list = await world.cli(['list', '--all', '--json'])
    assert.equal(list.code, 0, list.stderr)
    for (const element of JSON.parse(list.stdout)) within(keysOf(element), RESULT_KEYS.list.element, 'list')
  })
})
