// The mapping CLI's filter flags as a script runs them (bin/run.js, no TTY) against kinesalite +
// dynalite: invalid patterns and templates refused (usage error, exit 2, one line naming the flag
// and the reason, nothing written, table read back), `--filter @FILE`, `update --filter` /
// `--no-filter` read back from the table, and `list` (shortened) / `list --json` (whole).
import {strict as assert} from 'node:assert'
import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {INVALID_PATTERN_VECTORS, PATTERN_VECTORS} from '../filter/vectors.js'
import {errorLine, startMappingWorld, type MappingWorld, type RawItem} from '../../src/mappings/fixture.js'
import {mapLimit} from './fixture.js'

/** A sample of the invalid vectors: one per kind of mistake, and the 4,096-character limit. */
const SAMPLE_RULES = [
  'not JSON',
  'a list is not an object',
  'the empty pattern {}',
  'a leaf that is a string',
  'an empty list',
  'an unknown operator',
  'two operators in one object',
  'prefix of a number',
  'wildcard with **',
  'anything-but a mixed list',
  'anything-but an empty prefix',
  'numeric range upside down',
  'numeric with 7 decimals',
  'exists of a string',
  'cidr IPv4 /33',
  '$or with one alternative',
  'more than 4,096 characters (spaces count)',
]
const SAMPLE = SAMPLE_RULES.map((rule) => {
  const vector = INVALID_PATTERN_VECTORS.find((v) => v.rule === rule)
  if (!vector) throw new Error(`no invalid vector '${rule}'`)
  return vector
})
/** The vector's reason wherever it sits in the line ("Invalid --filter: <reason>"). */
const reasonIn = (reason: RegExp) => new RegExp(reason.source.replace(/^\^/, ''))

describe('filter flags of register, update and list (kinesalite + dynalite)', function () {
  this.timeout(120_000)
  let world: MappingWorld
  const files = mkdtempSync(join(tmpdir(), 'fanout-filter-'))

  before(async () => {
    world = await startMappingWorld()
  })
  after(() => world?.close())

  const kinesisSource = () => ['--source-type', 'kinesis', '--source', world.sourceStream]
  const register = (id: string, ...extra: string[]) => world.cli(['register', 'kinesis', ...kinesisSource(), '--id', id, '--destination', world.destStream, ...extra])
  const update = (id: string, ...extra: string[]) => world.cli(['update', ...kinesisSource(), '--id', id, ...extra])
  const item = async (id: string): Promise<RawItem | undefined> => (await world.scan()).find((row) => row.id.S === id && row.sourceArn.S === world.sourceArn)

  /** A refusal as docs/filters.md wants it: a usage error (exit 2), one line, nothing on stdout, the table unchanged. */
  async function assertRefused(args: () => Promise<{code: number; stdout: string; stderr: string}>, flag: string, reason: RegExp): Promise<void> {
    const before = await world.scan()
    const result = await args()
    assert.equal(result.code, 2, `exit 2 (usage error): ${result.stderr}`)
    const line = errorLine(result)
    assert.match(line, new RegExp(`--${flag}`))
    assert.match(line, reason)
    assert.equal(result.stdout, '')
    assert.deepEqual(await world.scan(), before)
  }

  it(`register refuses each of ${SAMPLE.length} invalid patterns (the 4,096-character limit included): exit 2, one line with the reason, nothing written`, async () => {
    const before = await world.scan()
    const results = await mapLimit(SAMPLE, 3, (vector) => register('refused', '--filter', vector.pattern))
    const problems = SAMPLE.flatMap((vector, n) => {
      const result = results[n]
      const lines = result.stderr.split('\n').filter((line) => line.trim())
      const ok = result.code === 2 && lines.length === 1 && /--filter/.test(lines[0]) && reasonIn(vector.reason).test(lines[0]) && result.stdout === ''
      return ok ? [] : [`${vector.rule}: exit ${result.code}, stderr ${JSON.stringify(result.stderr)}`]
    })
    assert.deepEqual(problems, [])
    assert.deepEqual(await world.scan(), before, 'nothing written')
  })

  it('accepts a pattern of exactly 4,096 characters, stored as an equivalent pattern', async () => {
    const vector = PATTERN_VECTORS.find((v) => v.rule === 'a pattern of exactly 4,096 characters')!
    assert.equal(vector.pattern.length, 4096)
    const result = await register('longest', '--filter', vector.pattern)
    assert.equal(result.code, 0, result.stderr)
    const stored = (await item('longest'))?.filter?.S
    assert.ok(stored !== undefined && stored.length <= 4096)
    assert.deepEqual(JSON.parse(stored), JSON.parse(vector.pattern))
  })

  it('--filter @FILE reads the pattern from the file (several lines of JSON); an invalid file pattern is refused with its reason', async () => {
    const pattern = JSON.stringify({data: {kind: ['order'], total: [{numeric: ['>', 100]}]}}, null, 2)
    const file = join(files, 'orders.json')
    writeFileSync(file, pattern)
    const result = await register('from-file', '--filter', `@${file}`)
    assert.equal(result.code, 0, result.stderr)
    const stored = (await item('from-file'))?.filter?.S
    assert.ok(stored)
    assert.deepEqual(JSON.parse(stored), JSON.parse(pattern))

    const badFile = join(files, 'bad.json')
    writeFileSync(badFile, '{"data": {"kind": "order"}}')
    await assertRefused(() => register('bad-file', '--filter', `@${badFile}`), 'filter', /data\.kind: must be an object or a list/)
  })

  it('--filter @FILE naming a file that does not exist is refused in one line (exit 2), nothing written', async () => {
    await assertRefused(() => register('no-file', '--filter', `@${join(files, 'missing.json')}`), 'filter', /missing\.json.*ENOENT|ENOENT.*missing\.json/)
  })

  it('update --filter sets and replaces the pattern, --no-filter removes it; every other attribute stays', async () => {
    let result = await register('round-trip', '--partition-key', '${data.customerId}')
    assert.equal(result.code, 0, result.stderr)
    const original = (await item('round-trip'))!
    assert.equal(original.filter, undefined)
    const first = '{"data":{"kind":["order"]}}'
    result = await update('round-trip', '--filter', first)
    assert.equal(result.code, 0, result.stderr)
    assert.deepEqual(await item('round-trip'), {...original, filter: {S: first}})

    const second = '{"$or":[{"partitionKey":[{"prefix":"eu-"}]},{"data":{"region":["eu"]}}]}'
    result = await update('round-trip', '--filter', second)
    assert.equal(result.code, 0, result.stderr)
    assert.deepEqual(await item('round-trip'), {...original, filter: {S: second}})

    // An invalid pattern leaves the current one in place.
    await assertRefused(() => update('round-trip', '--filter', '{"data":{"kind":[{"prefix":5}]}}'), 'filter', /prefix must be a string/)
    assert.deepEqual((await item('round-trip'))?.filter, {S: second})

    result = await update('round-trip', '--no-filter')
    assert.equal(result.code, 0, result.stderr)
    assert.deepEqual(await item('round-trip'), original)
  })

  it('update --partition-key / --no-partition-key round trip; invalid templates are refused (register and update)', async () => {
    let result = await register('templated')
    assert.equal(result.code, 0, result.stderr)
    const original = (await item('templated'))!
    result = await update('templated', '--partition-key', 'cust-${data.customerId}-$${literal}')
    assert.equal(result.code, 0, result.stderr)
    assert.deepEqual(await item('templated'), {...original, partitionKey: {S: 'cust-${data.customerId}-$${literal}'}})
    for (const [template, reason] of [
      ['${data.', /unclosed/],
      ['${}', /empty placeholder/],
      ['${ data.id }', /no spaces/],
      ['${data..id}', /single dots/],
    ] as const) {
      await assertRefused(() => update('templated', '--partition-key', template), 'partition-key', reason)
    }
    await assertRefused(() => register('bad-template', '--partition-key', '${data.'), 'partition-key', /unclosed/)
    result = await update('templated', '--no-partition-key')
    assert.equal(result.code, 0, result.stderr)
    assert.deepEqual(await item('templated'), original)
  })

  it('--message-group-id: stored for a FIFO sqs queue (update round trip), refused in one line for a standard queue and for an invalid template', async () => {
    const fifo = 'http://localhost:4566/123456789012/orders.fifo'
    const sqs = (id: string, destination: string, ...extra: string[]) =>
      world.cli(['register', 'sqs', ...kinesisSource(), '--id', id, '--destination', destination, ...extra])
    let result = await sqs('grouped', fifo, '--message-group-id', '${data.customerId}', '--filter', '{"data":{"kind":["order"]}}')
    assert.equal(result.code, 0, result.stderr)
    const original = (await item('grouped'))!
    assert.deepEqual([original.messageGroupId, original.filter], [{S: '${data.customerId}'}, {S: '{"data":{"kind":["order"]}}'}])
    result = await update('grouped', '--message-group-id', 'region-${data.region}')
    assert.equal(result.code, 0, result.stderr)
    assert.deepEqual(await item('grouped'), {...original, messageGroupId: {S: 'region-${data.region}'}})
    result = await update('grouped', '--no-message-group-id')
    assert.equal(result.code, 0, result.stderr)
    const {messageGroupId: _removed, ...rest} = original
    assert.deepEqual(await item('grouped'), rest)

    await assertRefused(() => update('grouped', '--message-group-id', '${data.'), 'message-group-id', /unclosed/)
    // Not applicable to a standard queue: refused, nothing written (a refusal, whichever exit code).
    const before = await world.scan()
    const standard = await sqs('standard', 'http://localhost:4566/123456789012/orders', '--message-group-id', '${data.customerId}')
    assert.notEqual(standard.code, 0)
    assert.match(errorLine(standard), /--message-group-id.*FIFO/)
    assert.deepEqual(await world.scan(), before)
  })

  it('list shows a filter shortened to one line; list --json shows the whole pattern as stored', async () => {
    const long = JSON.stringify({data: {customer: {tier: ['gold', 'platinum']}, kind: ['order', 'refund', 'exchange'], region: [{prefix: 'eu-'}]}})
    const result = await register('listed', '--filter', long)
    assert.equal(result.code, 0, result.stderr)
    const list = await world.cli(['list', ...kinesisSource()])
    assert.equal(list.code, 0, list.stderr)
    const line = list.stdout.split('\n').find((text) => text.startsWith('listed '))
    assert.ok(line, list.stdout)
    assert.ok(!line.includes(long), 'the table does not show the whole pattern')
    const prefix = long.slice(0, 20)
    assert.ok(line.includes(prefix) && line.includes('…'), `shortened with an ellipsis: ${line}`)
    const json = await world.cli(['list', ...kinesisSource(), '--json'])
    assert.equal(json.code, 0, json.stderr)
    const listed = (JSON.parse(json.stdout) as Array<{id: string; filter?: string}>).find((row) => row.id === 'listed')
    assert.equal(listed?.filter, long)
  })
})
