// `list` shows how the function reads each source (issue 12: "list/status show the consumer"), as a
// user runs it (node bin/run.js, no TTY) against moto behind the moto-fixes stand-in (consumers
// CREATING then ACTIVE, event source mappings on a consumer ARN). The hooks are an optional extra of
// the text output: --json stays the items as stored, and list works whatever the function.
import {strict as assert} from 'node:assert'
import {deployOnMoto, type DeployedOnMoto} from '../../helpers/deployed-on-moto.js'
import {runCli} from '../../helpers/cli.js'
import {requireService} from '../../helpers/services.js'

const ACCOUNT = '123456789012'
const REGION = 'us-east-1'

describe('list shows each source\'s hook (CLI against moto behind the moto-fixes stand-in)', function () {
  this.timeout(90_000)
  const suffix = Math.random().toString(36).slice(2, 8)
  const fn = `fanoutList${suffix}`
  const arn = (name: string) => `arn:aws:kinesis:${REGION}:${ACCOUNT}:stream/${name}`
  const [efo, shared, loose, out] = ['listEfo', 'listShared', 'listLoose', 'listOut'].map((name) => `${name}${suffix}`)
  let world: DeployedOnMoto
  const cli = (args: string[]) => world.cli(args)
  const sourceLine = (stdout: string, name: string) => stdout.split('\n').find((line) => line.startsWith(`Source ${arn(name)}:`)) ?? ''

  before(async function () {
    await requireService(this, 'moto')
    world = await deployOnMoto({activationMs: 300, functionName: fn, region: REGION, streams: [efo, shared, loose, out]})
    for (const name of [efo, shared, loose]) {
      const registered = await cli(['register', 'kinesis', '--source-type', 'kinesis', '--source', name, '--id', 'copy', '--destination', out, '--active'])
      assert.equal(registered.code, 0, registered.stderr)
    }
    const viaConsumer = await cli(['hook', '--source-type', 'kinesis', '--source', efo, '--consumer', 'list-efo', '--json'])
    assert.equal(viaConsumer.code, 0, viaConsumer.stderr)
    const plain = await cli(['hook', '--source-type', 'kinesis', '--source', shared, '--json'])
    assert.equal(plain.code, 0, plain.stderr)
  })

  after(async () => {
    await world?.fixes.close()
  })

  it('says on each source line whether the function reads it, through which consumer, and in which state', async () => {
    const result = await cli(['list', '--all'])
    assert.equal(result.code, 0, result.stderr)
    assert.equal(sourceLine(result.stdout, efo), `Source ${arn(efo)}: 1 mapping, 1 active; hooked to ${fn} via consumer list-efo (enabled)`)
    assert.equal(sourceLine(result.stdout, shared), `Source ${arn(shared)}: 1 mapping, 1 active; hooked to ${fn} (shared throughput, enabled)`)
    assert.equal(sourceLine(result.stdout, loose), `Source ${arn(loose)}: 1 mapping, 1 active; not hooked to ${fn}`)
    assert.doesNotMatch(result.stderr, /Hooks not shown/)
    // One source: the same line.
    const one = await cli(['list', '--source-type', 'kinesis', '--source', efo])
    assert.equal(one.code, 0, one.stderr)
    assert.equal(sourceLine(one.stdout, efo), `Source ${arn(efo)}: 1 mapping, 1 active; hooked to ${fn} via consumer list-efo (enabled)`)
  })

  it('a paused hook shows its state', async () => {
    const paused = await cli(['pause', '--source-type', 'kinesis', '--source', shared])
    assert.equal(paused.code, 0, paused.stderr)
    const result = await cli(['list', '--all'])
    assert.equal(result.code, 0, result.stderr)
    assert.match(sourceLine(result.stdout, shared), new RegExp(`; hooked to ${fn} \\(shared throughput, disabled\\)$`))
  })

  it('--json is the items as stored, with nothing about hooks', async () => {
    const result = await cli(['list', '--all', '--json'])
    assert.equal(result.code, 0, result.stderr)
    const items = JSON.parse(result.stdout) as Record<string, unknown>[]
    assert.deepEqual(items.map((item) => item.sourceArn), [arn(efo), arn(loose), arn(shared)])
    for (const item of items) {
      assert.deepEqual(Object.keys(item).sort(), ['active', 'collapse', 'collapseSetBy', 'destination', 'id', 'parallel', 'sourceArn', 'type'])
    }
  })

  it('works for a function that does not exist (mapping commands never need it)', async () => {
    const result = await runCli(['list', '--all', '--function', `ghost${suffix}`, '--table', `${fn}Targets`, '--endpoint-url', world.fixes.endpoint, '--region', REGION])
    assert.equal(result.code, 0, result.stderr)
    // Lambda answers ResourceNotFoundException (then: a note on stderr); moto answers an empty list.
    assert.match(sourceLine(result.stdout, efo), new RegExp(`^Source ${arn(efo)}: 1 mapping, 1 active(; not hooked to ghost${suffix})?$`))
  })
})
