// The property flags as a script runs them (bin/run.js, no TTY) against kinesalite + dynalite:
// filters (JSON text and @FILE), park-after, key templates, option values in any case, the
// --no-X removals, and every refusal: one line, the right exit code, nothing written.
import {strict as assert} from 'node:assert'
import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {errorLine, startMappingWorld, type MappingWorld} from '../mappings/fixture.js'

const FIFO = 'http://localhost:4566/000000000000/orders.fifo'
const QUEUE = 'http://localhost:4566/000000000000/plain'
const SECRET = 'arn:aws:secretsmanager:us-east-1:000000000000:secret:redis-auth-AbCdEf'

describe('mapping property flags (kinesalite + dynalite)', function () {
  let world: MappingWorld
  const source = () => ['--source-arn', world.sourceArn]
  const row = async (id: string) => (await world.scan()).find((item) => item.id.S === id && item.sourceArn.S === world.sourceArn)

  before(async () => {
    world = await startMappingWorld()
  })
  after(() => world?.close())

  async function refused(args: string[], expected: RegExp, code = 2): Promise<string> {
    const before = await world.scan()
    const result = await world.cli(args)
    const line = errorLine(result)
    assert.equal(result.code, code, `${line}\n${result.stdout}`)
    assert.match(line, expected)
    assert.deepEqual(await world.scan(), before, 'nothing written')
    return line
  }

  it('registers a filter (JSON text), park-after, a partition key; option values in any case stored canonical', async () => {
    const filter = '{"data":{"type":["order"],"total":[{"numeric":[">",100]}]}}'
    const result = await world.cli([
      'register', 'SQS', '--source-type', 'KINESIS', '--source', world.sourceStream, '--id', 'big', '--destination', FIFO,
      '--filter', filter, '--park-after', '5m', '--collapse', 'json', '--message-group-id', '${data.customerId}', '--json',
    ])
    assert.equal(result.code, 0, result.stderr)
    const item = await row('big')
    assert.deepEqual([item?.type, item?.collapse, item?.filter, item?.parkAfter, item?.messageGroupId], [
      {S: 'sqs'}, {S: 'JSON'}, {S: filter}, {N: '300'}, {S: '${data.customerId}'},
    ])
    assert.equal(JSON.parse(result.stdout).filter, filter)
    const kinesis = await world.cli(['register', 'kinesis', ...source(), '--id', 'keyed', '--destination', world.destStream, '--partition-key', '${data.customerId}', '--park-after', 'never'])
    assert.equal(kinesis.code, 0, kinesis.stderr)
    assert.deepEqual([(await row('keyed'))?.partitionKey, (await row('keyed'))?.parkAfter], [{S: '${data.customerId}'}, {N: '-1'}])
  })

  it('reads a filter from @FILE; update --filter replaces it, --no-filter and --no-park-after remove', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fanout-filter-'))
    const file = join(dir, 'pattern.json')
    writeFileSync(file, '{\n  "data": {"type": ["refund"]}\n}\n')
    let result = await world.cli(['register', 'kinesis', ...source(), '--id', 'from-file', '--destination', world.destStream, '--filter', `@${file}`, '--park-after', '90s'])
    assert.equal(result.code, 0, result.stderr)
    assert.equal((await row('from-file'))?.filter?.S, '{\n  "data": {"type": ["refund"]}\n}')
    result = await world.cli(['update', ...source(), '--id', 'from-file', '--filter', '{"partitionKey":[{"prefix":"eu-"}]}'])
    assert.equal(result.code, 0, result.stderr)
    assert.match(result.stdout, /filter=\{"partitionKey"/)
    assert.equal((await row('from-file'))?.filter?.S, '{"partitionKey":[{"prefix":"eu-"}]}')
    result = await world.cli(['update', ...source(), '--id', 'from-file', '--no-filter', '--no-park-after'])
    assert.equal(result.code, 0, result.stderr)
    assert.match(result.stdout, /parkAfter removed, filter removed/)
    assert.deepEqual([(await row('from-file'))?.filter, (await row('from-file'))?.parkAfter], [undefined, undefined])
  })

  it('list shows the filter shortened, --json whole', async () => {
    const result = await world.cli(['list', ...source()])
    assert.equal(result.code, 0, result.stderr)
    const line = result.stdout.split('\n').find((text) => text.startsWith('big ')) ?? ''
    assert.match(line, /\{"data":\{"type":\["order"\],"total":\[\{"nu…\s+parkAfter=5m messageGroupId=\$\{data\.customerId\}$/)
    const json = JSON.parse((await world.cli(['list', ...source(), '--json'])).stdout) as Record<string, unknown>[]
    assert.equal(json.find((item) => item.id === 'big')?.filter, '{"data":{"type":["order"],"total":[{"numeric":[">",100]}]}}')
  })

  it('refuses invalid patterns and templates with the reason: exit 2, one line, nothing written', async () => {
    const register = (...extra: string[]) => ['register', 'kinesis', ...source(), '--id', 'bad', '--destination', world.destStream, ...extra]
    await refused(register('--filter', '{"data": "order"}'), /^Error: Invalid --filter: /)
    await refused(register('--filter', '{}'), /^Error: Invalid --filter: /)
    await refused(register('--filter', 'not json'), /^Error: Invalid --filter: /)
    await refused(register('--filter', `{"data":{"type":["${'x'.repeat(4100)}"]}}`), /^Error: Invalid --filter: .*4,?096/)
    await refused(register('--filter', '@/no/such/file.json'), /^Error: Cannot read --filter file '\/no\/such\/file.json': ENOENT/)
    await refused(register('--partition-key', '${data.'), /^Error: Invalid --partition-key '\$\{data\.': /)
    await refused(['update', ...source(), '--id', 'keyed', '--filter', '{"data":[{"bogus-operator":1}]}'], /^Error: Invalid --filter: /)
    await refused(register('--park-after', 'soon'), /^Error: Invalid --park-after 'soon': expected 0, a number of seconds, 90s, 5m, 1h or never/)
    await refused(register('--collapse', 'gzip'), /^Error: Invalid --collapse 'gzip': expected one of none, JSON, concat, concat-b64/)
  })

  it('refuses properties where they do not apply, as the property table says', async () => {
    await refused(['register', 'sqs', ...source(), '--id', 'x', '--destination', QUEUE, '--message-group-id', '${data.id}'], /^Error: --message-group-id only applies to FIFO queues and topics/)
    await refused(['register', 'sqs', ...source(), '--id', 'x', '--destination', QUEUE, '--partition-key', '${data.id}'], /^Error: --partition-key only applies to kinesis targets, not sqs/)
    await refused(['register', 'kinesis', ...source(), '--id', 'x', '--destination', world.destStream, '--password-secret', SECRET], /^Error: --password-secret only applies to redis targets/)
    await refused(['register', 'redis', ...source(), '--id', 'x', '--destination', 'rediss://app:pw@cache.example:6380', '--password-secret', SECRET], /^Error: --password-secret cannot be combined with a password in the destination URL/)
    await refused(['register', 'redis', ...source(), '--id', 'x', '--destination', 'rediss://app@cache.example:6380', '--password-secret', 'arn:aws:s3:::bucket'], /^Error: Invalid --password-secret 'arn:aws:s3:::bucket': must be a Secrets Manager secret ARN/)
    await refused(['register', 'kinesis', ...source(), '--id', 'x', '--destination', world.destStream, '--external-id', 'ext-1'], /^Error: --external-id only applies with --destination-role-arn/)
    await refused(['update', ...source(), '--id', 'big', '--destination', QUEUE], /^Error: --message-group-id only applies to FIFO queues and topics/)
    const ok = await world.cli(['register', 'redis', ...source(), '--id', 'cache', '--destination', 'rediss://app@cache.example:6380', '--password-secret', SECRET])
    assert.equal(ok.code, 0, ok.stderr)
    assert.equal((await row('cache'))?.passwordSecret?.S, SECRET)
  })

  it('refuses a bad boolean value naming the flag and the accepted values (exit 2), and keeps the Bash spellings', async () => {
    const line = await refused(['register', 'sqs', ...source(), '--id', 'x', '--destination', QUEUE, '--active=maybe'], /^Error: Invalid --active 'maybe': expected --active or --no-active \(or the Bash spelling --active true\|false\)$/)
    assert.doesNotMatch(line, /Unexpected argument/)
    const bash = await world.cli(['register', 'sqs', ...source(), '--id', 'bash', '--destination', QUEUE, '--active', 'true', '--parallel=false'])
    assert.equal(bash.code, 0, bash.stderr)
    assert.deepEqual([(await row('bash'))?.active, (await row('bash'))?.parallel], [{BOOL: true}, {BOOL: false}])
  })

  it('names every missing value in one line (exit 2)', async () => {
    await refused(['register'], /^Error: Missing the target type \(register <type>: .*\), the source \(--source-type and --source, or --source-arn\), --id and --destination$/)
    await refused(['set-active'], /^Error: Missing --id and --active or --no-active/)
    await refused(['update'], /^Error: Missing --id and a change \(--destination or a property flag/)
    await refused(['unregister'], /^Error: Missing --id/)
  })

  it('refuses a mapping onto its own source: the source stream, or the fan-out function itself', async () => {
    await refused(['register', 'kinesis', ...source(), '--id', 'loop', '--destination', world.sourceStream], /^Error: Refused: the destination '.*' is the source stream itself/, 1)
    await refused(['register', 'kinesis', ...source(), '--id', 'loop', '--destination', world.sourceArn], /is the source stream itself/, 1)
    await refused(['update', ...source(), '--id', 'keyed', '--destination', world.sourceStream], /is the source stream itself/, 1)
    await refused(
      ['register', 'lambda', ...source(), '--id', 'loop', '--destination', 'arn:aws:lambda:us-east-1:000000000000:function:fanout'],
      /^Error: Refused: the destination '.*function:fanout' is the fan-out function 'fanout' itself/,
      1,
    )
    await refused(
      ['register', 'lambda', ...source(), '--id', 'loop', '--destination', 'arn:aws:lambda:us-east-1:000000000000:function:fn2:live', '--function', 'fn2'],
      /is the fan-out function 'fn2' itself/,
      1,
    )
  })

  it('quotes the suggested follow-up command for an id a shell would split, and refuses control characters', async () => {
    const result = await world.cli(['register', 'sqs', ...source(), '--id', "Bob's queue", '--destination', QUEUE])
    assert.equal(result.code, 0, result.stderr)
    assert.ok(result.stderr.includes(`activate --id 'Bob'\\''s queue' --source-arn ${world.sourceArn}`), result.stderr)
    await refused(['register', 'sqs', ...source(), '--id', 'two\nlines', '--destination', QUEUE], /^Error: Invalid --id "two\\nlines": no control characters/)
  })

  it('a hand-written row with a broken pattern is listed INVALID with the reason the function skips it', async () => {
    await world.put({active: {BOOL: true}, destination: {S: world.destStream}, filter: {S: '{"data":{"type":"order"}}'}, id: {S: 'hand'}, sourceArn: {S: world.sourceArn}, type: {S: 'kinesis'}})
    const result = await world.cli(['list', ...source()])
    assert.match(result.stdout, /^hand\s+kinesis.*INVALID: 'filter' is invalid: /m)
  })
})
