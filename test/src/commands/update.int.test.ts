// list, update, set-active, activate, deactivate and unregister against a table holding rows written
// exactly as the Bash CLI wrote them (cli/targets.sh buildObject: collapse on every row, parallel
// only when given), plus an invalid row; effects read back with attribute types.
import {strict as assert} from 'node:assert'
import {createServer} from 'node:http'
import type {AddressInfo} from 'node:net'
import {errorLine, startMappingWorld, type MappingWorld, type RawItem} from '../mappings/fixture.js'

const QUEUE = 'https://sqs.us-east-1.amazonaws.com/123456789012/audit'

describe('update, set-active, activate, deactivate, unregister, list (Bash-era rows)', function () {
  let world: MappingWorld
  const bySource = () => ['--source-arn', world.sourceArn]
  const row = async (id: string, sourceArn = world.sourceArn): Promise<RawItem | undefined> =>
    (await world.scan()).find((item) => item.id.S === id && item.sourceArn.S === sourceArn)

  before(async () => {
    world = await startMappingWorld()
    const base = (id: string, sourceArn = world.sourceArn) => ({id: {S: id}, sourceArn: {S: sourceArn}})
    // As `fanout register kinesis ... --active false` wrote it: collapse none, no parallel.
    await world.put({...base('bash-kinesis'), active: {BOOL: false}, collapse: {S: 'none'}, destination: {S: world.destStream}, note: {S: 'kept'}, type: {S: 'kinesis'}})
    // As `fanout register sqs ... --collapse JSON --parallel false --active true` wrote it.
    await world.put({...base('bash-sqs'), active: {BOOL: true}, collapse: {S: 'JSON'}, destination: {S: QUEUE}, parallel: {BOOL: false}, type: {S: 'sqs'}})
    // Written by other means: no collapse (JSON applies).
    await world.put({...base('raw-sns'), active: {BOOL: true}, destination: {S: 'arn:aws:sns:us-east-1:123456789012:t'}, type: {S: 'sns'}})
    // Invalid: active as a string, destination not a queue URL.
    await world.put({...base('broken'), active: {S: 'true'}, destination: {S: 'not-a-url'}, type: {S: 'sqs'}})
    // The same id under a second source.
    await world.put({...base('twin'), active: {BOOL: false}, collapse: {S: 'none'}, destination: {S: world.destStream}, type: {S: 'kinesis'}})
    await world.put({...base('twin', world.ddbStreamArn), active: {BOOL: false}, collapse: {S: 'none'}, destination: {S: world.destStream}, type: {S: 'kinesis'}})
  })
  after(() => world?.close())

  async function refused(args: string[], expected: RegExp): Promise<void> {
    const before = await world.scan()
    const result = await world.cli(args)
    assert.notEqual(result.code, 0, result.stdout)
    assert.match(errorLine(result), expected)
    assert.deepEqual(await world.scan(), before)
  }

  describe('list', () => {
    it('shows the rows of a source as a table, invalid rows with their reason, and the collapse change', async () => {
      const result = await world.cli(['list', ...bySource()])
      assert.equal(result.code, 0, result.stderr)
      const line = (id: string) => result.stdout.split('\n').find((text) => text.startsWith(`${id} `)) ?? ''
      assert.match(result.stdout, new RegExp(`^Source ${world.sourceArn}: 5 mappings, 2 active`, 'm'))
      assert.match(line('bash-kinesis'), /kinesis\s+no\s+copy-\w+\s+-\s+parallel\s+-\s+-$/)
      assert.match(line('bash-sqs'), /sqs\s+yes\s+https:\S+audit\s+JSON \*\s+ordered/)
      assert.match(line('raw-sns'), /JSON \(default\) \*/)
      assert.match(line('broken'), /INVALID: destination 'not-a-url' is not a queue URL/)
      assert.match(result.stdout, /1 invalid row: the function skips it/)
      assert.match(result.stdout, /Bash-era function sent one message per record/)
      assert.doesNotMatch(result.stdout, /twin.*dynamodb/)
    })

    it('lists without the function: hooks not shown, the reason on stderr (function missing, or the look-up denied)', async () => {
      // The world's Lambda has no function (ResourceNotFoundException for every call).
      const missing = await world.cli(['list', ...bySource(), '--function', 'fanout'])
      assert.equal(missing.code, 0, missing.stderr)
      assert.match(missing.stdout, new RegExp(`^Source ${world.sourceArn}: 5 mappings, 2 active$`, 'm'))
      assert.match(missing.stderr, /^Hooks not shown: function 'fanout' not found$/m)
      const denying = createServer((request, response) => {
        request.resume()
        request.on('end', () => {
          response.writeHead(403, {'content-type': 'application/json', 'x-amzn-errortype': 'AccessDeniedException'})
          response.end(JSON.stringify({Message: 'not allowed', __type: 'AccessDeniedException'}))
        })
      })
      await new Promise<void>((resolve) => denying.listen(0, '127.0.0.1', resolve))
      try {
        const endpoint = `http://127.0.0.1:${(denying.address() as AddressInfo).port}`
        const denied = await world.cli(['list', ...bySource(), '--function', 'fanout'], {env: {AWS_ENDPOINT_URL_LAMBDA: endpoint}})
        assert.equal(denied.code, 0, denied.stderr)
        assert.match(denied.stdout, /^bash-sqs\s+sqs/m)
        assert.match(denied.stderr, /^Hooks not shown: lambda:ListEventSourceMappings on 'fanout' was denied$/m)
      } finally {
        await new Promise<void>((resolve) => denying.close(() => resolve()))
      }
      // A --table of another name says nothing about the function: no look-up, no note.
      const other = await world.cli(['list', ...bySource()])
      assert.equal(other.code, 0, other.stderr)
      assert.doesNotMatch(other.stderr, /Hooks not shown/)
    })

    it('--all --json prints every item as stored (types kept, invalid rows included)', async () => {
      const result = await world.cli(['list', '--all', '--json'])
      assert.equal(result.code, 0, result.stderr)
      const items = JSON.parse(result.stdout) as Record<string, unknown>[]
      assert.equal(items.length, 6)
      assert.deepEqual(items.find((item) => item.id === 'broken'), {active: 'true', destination: 'not-a-url', id: 'broken', sourceArn: world.sourceArn, type: 'sqs'})
      assert.equal(items.find((item) => item.id === 'bash-kinesis')?.parallel, undefined)
      assert.equal(items.filter((item) => item.id === 'twin').length, 2)
    })

    it('says clearly when DynamoDB cannot be reached', async () => {
      const result = await world.cli(['list', '--all'], {env: {AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:9'}})
      assert.equal(result.code, 1)
      assert.match(errorLine(result), new RegExp(`Cannot reach DynamoDB for table '${world.table}' \\(ECONNREFUSED\\)`))
    })

    it('refuses a missing source without a terminal, naming the flags', async () => {
      await refused(['list'], /Missing source: give --source-type and --source, --source-arn, or --all/)
    })
  })

  describe('update', () => {
    it('changes only the given properties of a Bash-era row; unknown attributes survive', async () => {
      const result = await world.cli(['update', ...bySource(), '--id', 'bash-kinesis', '--active', 'true', '--parallel', 'false'])
      assert.equal(result.code, 0, result.stderr)
      assert.match(result.stderr, /FANOUT_CONFIG_TTL_SECONDS/)
      assert.deepEqual(await row('bash-kinesis'), {
        active: {BOOL: true}, collapse: {S: 'none'}, destination: {S: world.destStream}, id: {S: 'bash-kinesis'},
        note: {S: 'kept'}, parallel: {BOOL: false}, sourceArn: {S: world.sourceArn}, type: {S: 'kinesis'},
      })
    })

    it('resolves a new destination name, and turns flags off with --no-X (removing absent-when-false attributes)', async () => {
      let result = await world.cli(['update', '--id', 'bash-kinesis', '--destination', world.otherStream, '--deaggregate'])
      assert.equal(result.code, 0, result.stderr)
      assert.equal((await row('bash-kinesis'))?.destination.S, world.otherStream)
      assert.deepEqual((await row('bash-kinesis'))?.deaggregate, {BOOL: true})
      result = await world.cli(['update', '--id', 'bash-kinesis', '--no-deaggregate', '--parallel'])
      assert.equal(result.code, 0, result.stderr)
      assert.equal((await row('bash-kinesis'))?.deaggregate, undefined)
      assert.deepEqual((await row('bash-kinesis'))?.parallel, {BOOL: true})
    })

    it('takes the Bash CLI spellings --deaggregate true / false and --convert-ddb true', async () => {
      let result = await world.cli(['update', ...bySource(), '--id', 'bash-kinesis', '--deaggregate', 'true'])
      assert.equal(result.code, 0, result.stderr)
      assert.deepEqual((await row('bash-kinesis'))?.deaggregate, {BOOL: true})
      result = await world.cli(['update', ...bySource(), '--id', 'bash-kinesis', '--deaggregate', 'false'])
      assert.equal(result.code, 0, result.stderr)
      assert.equal((await row('bash-kinesis'))?.deaggregate, undefined)
      result = await world.cli(['update', '--source-arn', world.ddbStreamArn, '--id', 'twin', '--convert-ddb', 'true'])
      assert.equal(result.code, 0, result.stderr)
      assert.deepEqual((await row('twin', world.ddbStreamArn))?.convertDDB, {BOOL: true})
    })

    it('sets and removes role, external id and region', async () => {
      let result = await world.cli(['update', ...bySource(), '--id', 'bash-sqs', '--destination-role-arn', 'arn:aws-cn:iam::123456789012:role/x', '--external-id', 'e-1', '--destination-region', 'cn-north-1'])
      assert.equal(result.code, 0, result.stderr)
      let item = await row('bash-sqs')
      assert.deepEqual([item?.role, item?.externalId, item?.region], [{S: 'arn:aws-cn:iam::123456789012:role/x'}, {S: 'e-1'}, {S: 'cn-north-1'}])
      result = await world.cli(['update', ...bySource(), '--id', 'bash-sqs', '--no-destination-role-arn', '--no-destination-region'])
      assert.equal(result.code, 0, result.stderr)
      item = await row('bash-sqs')
      assert.deepEqual([item?.role, item?.externalId, item?.region], [undefined, undefined, undefined])
    })

    it('changes collapse of an sns/sqs row and writes it as S', async () => {
      const result = await world.cli(['update', ...bySource(), '--id', 'bash-sqs', '--collapse', 'concat', '--append-newlines'])
      assert.equal(result.code, 0, result.stderr)
      const item = await row('bash-sqs')
      assert.deepEqual([item?.collapse, item?.appendNewlines], [{S: 'concat'}, {BOOL: true}])
      // An explicit --collapse marks the row as acknowledged (the CLI's own marker, not shown as a change).
      assert.deepEqual(item?.collapseSetBy, {S: 'kinesis-fanout'})
      assert.match(result.stdout, /: collapse=concat, appendNewlines=true$/m)
    })

    it('refuses a change whose result would be invalid, naming the reason', async () => {
      await refused(['update', ...bySource(), '--id', 'bash-sqs', '--collapse', 'none'], /--append-newlines only applies to firehose targets.*collapse none/)
      await refused(['update', ...bySource(), '--id', 'broken', '--active'], /mapping 'broken' would be invalid: destination 'not-a-url' is not a queue URL/)
    })

    it('fixes an invalid row when the change makes it valid', async () => {
      const result = await world.cli(['update', ...bySource(), '--id', 'broken', '--active', '--destination', QUEUE])
      assert.equal(result.code, 0, result.stderr)
      const item = await row('broken')
      assert.deepEqual([item?.active, item?.destination], [{BOOL: true}, {S: QUEUE}])
    })

    it('refuses what does not apply, a missing id and an empty change; the table stays as it was', async () => {
      await refused(['update', ...bySource(), '--id', 'bash-kinesis', '--collapse', 'JSON'], /--collapse only applies to sns, sqs and iot targets, not kinesis/)
      await refused(['update', ...bySource(), '--id', 'bash-kinesis', '--convert-ddb'], /--convert-ddb only applies to DynamoDB stream sources/)
      await refused(['update', ...bySource(), '--id', 'bash-kinesis', '--external-id', 'abc'], /--external-id only applies with --destination-role-arn/)
      await refused(['update', ...bySource(), '--id', 'bash-kinesis', '--destination', 'no-such-stream'], /Kinesis stream 'no-such-stream' not found/)
      await refused(['update', ...bySource(), '--id', 'ghost', '--active'], /Mapping 'ghost' not found for arn:aws:kinesis/)
      await refused(['update', '--id', 'ghost', '--active'], /Mapping 'ghost' not found in table/)
      await refused(['update', ...bySource(), '--id', 'bash-kinesis'], /Nothing to change/)
      await refused(['update', '--id', 'twin', '--active'], /exists for several sources .*: give --source-arn/)
      await refused(['update', ...bySource(), '--active'], /Missing --id/)
    })
  })

  describe('set-active, activate, deactivate', () => {
    it('write active as BOOL, finding a unique id without a source', async () => {
      let result = await world.cli(['activate', '--id', 'raw-sns'])
      assert.equal(result.code, 0, result.stderr)
      result = await world.cli(['deactivate', '--id', 'raw-sns'])
      assert.equal(result.code, 0, result.stderr)
      assert.match(result.stdout, /Mapping 'raw-sns' of .* is now inactive/)
      assert.deepEqual((await row('raw-sns'))?.active, {BOOL: false})
      result = await world.cli(['set-active', '--source-arn', world.ddbStreamArn, '--id', 'twin', '--active'])
      assert.equal(result.code, 0, result.stderr)
      assert.deepEqual((await row('twin', world.ddbStreamArn))?.active, {BOOL: true})
      assert.deepEqual((await row('twin'))?.active, {BOOL: false})
      result = await world.cli(['set-active', '--id', 'raw-sns', '--active', 'true'])
      assert.equal(result.code, 0, result.stderr)
      assert.deepEqual((await row('raw-sns'))?.active, {BOOL: true})
    })

    it('leave the collapse mark alone: list still points out a Bash-era row after activate, no longer one whose collapse update set', async () => {
      const result = await world.cli(['list', ...bySource()])
      assert.equal(result.code, 0, result.stderr)
      const line = (id: string) => result.stdout.split('\n').find((text) => text.startsWith(`${id} `)) ?? ''
      assert.equal((await row('raw-sns'))?.collapseSetBy, undefined)
      assert.match(line('raw-sns'), /JSON \(default\) \*/)
      assert.match(line('bash-sqs'), /\s+concat\s+ordered/)
      assert.doesNotMatch(line('bash-sqs'), /\*/)
      assert.match(result.stdout, /--id raw-sns --collapse none/)
      assert.doesNotMatch(result.stdout, /--id bash-sqs /)
    })

    it('refuse a missing id, an ambiguous id, and set-active without a value', async () => {
      await refused(['activate', ...bySource(), '--id', 'ghost'], /Mapping 'ghost' not found for/)
      await refused(['deactivate', '--id', 'twin'], /several sources/)
      await refused(['set-active', '--id', 'raw-sns'], /Missing --active or --no-active/)
      for (const command of ['activate', 'deactivate', 'unregister']) await refused([command, ...bySource(), '--yes'], /Missing --id/)
      await refused(['set-active', ...bySource(), '--active'], /Missing --id/)
    })
  })

  describe('unregister', () => {
    it('refuses without --yes when no one can confirm, naming --yes', async () => {
      await refused(['unregister', ...bySource(), '--id', 'raw-sns'], /without confirmation: pass --yes/)
    })

    it('deletes with --yes, and refuses an id that is not there', async () => {
      const result = await world.cli(['unregister', ...bySource(), '--id', 'raw-sns', '--yes'])
      assert.equal(result.code, 0, result.stderr)
      assert.equal(await row('raw-sns'), undefined)
      await refused(['unregister', ...bySource(), '--id', 'raw-sns', '--yes'], /Mapping 'raw-sns' not found for/)
    })
  })
})
