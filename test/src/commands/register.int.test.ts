// register as a script runs it (no TTY, CI=true) against kinesalite + dynalite: what it writes,
// read back with attribute types, and every refusal (non-zero exit, one line, table unchanged).
import {strict as assert} from 'node:assert'
import {errorLine, startMappingWorld, type MappingWorld} from '../mappings/fixture.js'

describe('register (kinesalite + dynalite)', function () {
  let world: MappingWorld

  before(async () => {
    world = await startMappingWorld()
  })
  after(() => world?.close())

  const kinesisSource = () => ['--source-type', 'kinesis', '--source', world.sourceStream]

  it('registers a kinesis mapping by names, with the Bash CLI spelling --active true, writing S and BOOL attributes', async () => {
    const result = await world.cli(['register', 'kinesis', ...kinesisSource(), '--id', 'copy', '--destination', world.destStream, '--active', 'true'])
    assert.equal(result.code, 0, result.stderr)
    assert.match(result.stdout, /Registered kinesis mapping 'copy' \(active\)/)
    assert.match(result.stderr, /FANOUT_CONFIG_TTL_SECONDS/)
    const [item] = (await world.scan()).filter((row) => row.id.S === 'copy')
    assert.deepEqual(item, {
      active: {BOOL: true},
      // register writes collapse on every row, default none, as the Bash CLI did
      collapse: {S: 'none'},
      collapseSetBy: {S: 'kinesis-fanout'},
      destination: {S: world.destStream},
      id: {S: 'copy'},
      parallel: {BOOL: true},
      sourceArn: {S: world.sourceArn},
      type: {S: 'kinesis'},
    })
  })

  it('takes a DynamoDB stream ARN and a queue URL as given, with every property flag', async () => {
    const url = 'http://localhost:4566/123456789012/audit'
    const result = await world.cli([
      'register', 'sqs', '--source-arn', world.ddbStreamArn, '--id', 'audit', '--destination', url,
      '--collapse', 'concat', '--append-newlines', '--no-parallel', '--convert-ddb',
      '--destination-region', 'eu-west-1', '--destination-role-arn', 'arn:aws:iam::123456789012:role/x', '--external-id', 'ext-1', '--json',
    ])
    assert.equal(result.code, 0, result.stderr)
    const expected = {
      active: {BOOL: false}, appendNewlines: {BOOL: true}, collapse: {S: 'concat'}, collapseSetBy: {S: 'kinesis-fanout'}, convertDDB: {BOOL: true},
      destination: {S: url}, externalId: {S: 'ext-1'}, id: {S: 'audit'}, parallel: {BOOL: false},
      region: {S: 'eu-west-1'}, role: {S: 'arn:aws:iam::123456789012:role/x'}, sourceArn: {S: world.ddbStreamArn}, type: {S: 'sqs'},
    }
    const [item] = (await world.scan()).filter((row) => row.id.S === 'audit')
    assert.deepEqual(item, expected)
    // --json prints the item as stored, and nothing else on stdout
    assert.equal(JSON.parse(result.stdout).appendNewlines, true)
    assert.equal(JSON.parse(result.stdout).sourceArn, world.ddbStreamArn)
  })

  it('takes endpoints as given for es (with --index), redis and memcached', async () => {
    for (const [type, destination, extra, stored] of [
      ['es', 'search-logs-abc.eu-west-1.es.amazonaws.com', ['--index', 'doc/logs'], 'search-logs-abc.eu-west-1.es.amazonaws.com#doc/logs'],
      ['redis', 'redis://127.0.0.1:6379', [], 'redis://127.0.0.1:6379'],
      ['memcached', 'a.cfg.use1.cache.amazonaws.com:11211', [], 'a.cfg.use1.cache.amazonaws.com:11211'],
    ] as const) {
      const result = await world.cli(['register', type, ...kinesisSource(), '--id', `to-${type}`, '--destination', destination, ...extra, '--deaggregate'])
      assert.equal(result.code, 0, result.stderr)
      const [item] = (await world.scan()).filter((row) => row.id.S === `to-${type}`)
      assert.equal(item.destination.S, stored)
      assert.deepEqual(item.deaggregate, {BOOL: true})
    }
  })

  it('takes the Bash CLI spellings --parallel false, --deaggregate true and --convert-ddb true', async () => {
    let result = await world.cli(['register', 'kinesis', ...kinesisSource(), '--id', 'bash-spelling', '--destination', world.destStream, '--parallel', 'false', '--deaggregate', 'true', '--active', 'false'])
    assert.equal(result.code, 0, result.stderr)
    let [item] = (await world.scan()).filter((row) => row.id.S === 'bash-spelling')
    assert.deepEqual([item.parallel, item.deaggregate, item.active, item.collapse], [{BOOL: false}, {BOOL: true}, {BOOL: false}, {S: 'none'}])
    result = await world.cli(['register', 'kinesis', '--source-arn', world.ddbStreamArn, '--id', 'bash-spelling', '--destination', world.destStream, '--convert-ddb', 'true', '--parallel=true'])
    assert.equal(result.code, 0, result.stderr)
    ;[item] = (await world.scan()).filter((row) => row.id.S === 'bash-spelling' && row.sourceArn.S === world.ddbStreamArn)
    assert.deepEqual([item.convertDDB, item.parallel, item.active], [{BOOL: true}, {BOOL: true}, {BOOL: false}])
  })

  it('takes a stream ARN given to --source as is', async () => {
    const result = await world.cli(['register', 'kinesis', '--source-type', 'kinesis', '--source', world.sourceArn, '--id', 'arn-as-source', '--destination', world.destStream])
    assert.equal(result.code, 0, result.stderr)
    const [item] = (await world.scan()).filter((row) => row.id.S === 'arn-as-source')
    assert.deepEqual(item.sourceArn, {S: world.sourceArn})
  })

  describe('refusals: non-zero exit, one clear line, table unchanged', () => {
    const cases: Array<[string, () => string[], RegExp | (() => RegExp)]> = [
      ['an unknown type, listing the valid ones', () => ['register', 'kafka', ...kinesisSource(), '--id', 'x', '--destination', 'y'], /Unknown target type 'kafka'.*sns, sqs, es, kinesis, firehose, iot, lambda, memcached, redis/],
      ['an existing id (changes go through update)', () => ['register', 'kinesis', ...kinesisSource(), '--id', 'copy', '--destination', world.destStream, '--no-parallel'], /'copy' already exists.*changes go through `kinesis-fanout update`/],
      ['a destination stream that does not exist, naming it', () => ['register', 'kinesis', ...kinesisSource(), '--id', 'x', '--destination', 'nope-stream'], /Kinesis stream 'nope-stream' not found/],
      ['a source stream that does not exist', () => ['register', 'kinesis', '--source-type', 'kinesis', '--source', 'nope-source', '--id', 'x', '--destination', world.destStream], /Kinesis stream 'nope-source' not found/],
      ['a DynamoDB table without a stream', () => ['register', 'kinesis', '--source-type', 'dynamodb', '--source', world.plainTable, '--id', 'x', '--destination', world.destStream], () => new RegExp(`table '${world.plainTable}' has no stream`)],
      ['a Kinesis stream ARN given to --source with --source-type dynamodb', () => ['register', 'kinesis', '--source-type', 'dynamodb', '--source', world.sourceArn, '--id', 'x', '--destination', world.destStream], /is a Kinesis stream ARN, not a dynamodb source/],
      ['a malformed --source-arn', () => ['register', 'kinesis', '--source-arn', 'arn:aws:s3:::bucket', '--id', 'x', '--destination', world.destStream], /Invalid --source-arn 'arn:aws:s3:::bucket'/],
      ['--collapse on a kinesis target', () => ['register', 'kinesis', ...kinesisSource(), '--id', 'x', '--destination', world.destStream, '--collapse', 'JSON'], /--collapse only applies to sns, sqs and iot targets, not kinesis/],
      ['--convert-ddb with a Kinesis source', () => ['register', 'kinesis', ...kinesisSource(), '--id', 'x', '--destination', world.destStream, '--convert-ddb'], /--convert-ddb only applies to DynamoDB stream sources/],
      ['--deaggregate with a DynamoDB source', () => ['register', 'kinesis', '--source-arn', world.ddbStreamArn, '--id', 'x', '--destination', world.destStream, '--deaggregate'], /--deaggregate only applies to Kinesis stream sources/],
      ['--append-newlines with collapse none', () => ['register', 'sqs', ...kinesisSource(), '--id', 'x', '--destination', 'http://localhost:1/123456789012/q', '--append-newlines'], /--append-newlines only applies to firehose targets/],
      ['--external-id without a role', () => ['register', 'kinesis', ...kinesisSource(), '--id', 'x', '--destination', world.destStream, '--external-id', 'abc'], /--external-id only applies with --destination-role-arn/],
      ['a name with --destination-role-arn', () => ['register', 'kinesis', ...kinesisSource(), '--id', 'x', '--destination', world.destStream, '--destination-role-arn', 'arn:aws:iam::123456789012:role/r'], /With --destination-role-arn, --destination must be a stream ARN/],
      ['a role on a redis target', () => ['register', 'redis', ...kinesisSource(), '--id', 'x', '--destination', 'h:6379', '--destination-role-arn', 'arn:aws:iam::123456789012:role/r'], /--destination-role-arn does not apply to redis targets/],
      ['a malformed queue URL', () => ['register', 'sqs', ...kinesisSource(), '--id', 'x', '--destination', 'https://example.com/q'], /Invalid --destination for sqs/],
      ['an invalid region', () => ['register', 'kinesis', ...kinesisSource(), '--id', 'x', '--destination', world.destStream, '--destination-region', 'Mars'], /Invalid --destination-region 'Mars'/],
      ['a missing --id without a terminal', () => ['register', 'kinesis', ...kinesisSource(), '--destination', world.destStream], /Missing --id/],
      ['a missing --destination without a terminal', () => ['register', 'kinesis', ...kinesisSource(), '--id', 'x'], /Missing --destination/],
      ['a missing source without a terminal', () => ['register', 'kinesis', '--id', 'x', '--destination', world.destStream], /Missing the source \(--source-type and --source, or --source-arn\)/],
      ['a missing type without a terminal', () => ['register', ...kinesisSource(), '--id', 'x', '--destination', world.destStream], /Missing the target type/],
      ['--index on a non-es type', () => ['register', 'kinesis', ...kinesisSource(), '--id', 'x', '--destination', world.destStream, '--index', 'i'], /--index only applies to es targets/],
      ['an es domain name without --index', () => ['register', 'es', ...kinesisSource(), '--id', 'x', '--destination', 'logs'], /Missing --index/],
      ['a configuration table that does not exist', () => ['register', 'kinesis', ...kinesisSource(), '--id', 'x', '--destination', world.destStream, '--table', 'noSuchTable'], /Configuration table 'noSuchTable' not found/],
    ]
    for (const [what, args, expected] of cases) {
      it(`refuses ${what}`, async () => {
        const before = await world.scan()
        const result = await world.cli(args())
        assert.notEqual(result.code, 0)
        assert.match(errorLine(result), typeof expected === 'function' ? expected() : expected)
        assert.equal(result.stdout, '')
        assert.deepEqual(await world.scan(), before)
      })
    }
  })
})
