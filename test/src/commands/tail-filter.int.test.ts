// `tail --filter` and `tail --target` as a user runs them (node bin/run.js, no TTY) against
// kinesalite: every Kinesis vector of the event-pattern table (test/runtime/filter/vectors.ts)
// through `tail --filter PATTERN --from trim-horizon --no-follow`, one stream per distinct pattern
// holding the records of its vectors, asserting that exactly the matching records print; KPL user
// records matched one by one; the arrival time in seconds; `--json`; an invalid pattern refused;
// and `tail --target ID` applying the mapping's filter and partitionKey template.
import {strict as assert} from 'node:assert'
import type {DynamoDBClient} from '@aws-sdk/client-dynamodb'
import {PutRecordsCommand, type KinesisClient} from '@aws-sdk/client-kinesis'
import {runCli, type CliResult} from '../../helpers/cli.js'
import {startDynalite, startKinesalite, type Emulator} from '../../helpers/emulators.js'
import {aggregate} from '../../helpers/kpl.js'
import {createMappingTable, createStream, dynamo, kinesis, putRow, suffix} from '../../runtime/fixtures.js'
import {INVALID_PATTERN_VECTORS, PARTITION_KEY, vectorRecordData} from '../../runtime/filter/vectors.js'
import {KINESIS_VECTORS, groupByPattern, mapLimit, vectorName} from '../../runtime/filter-e2e/fixture.js'

interface Line {
  shardId: string
  sequenceNumber: string
  subSequenceNumber?: number
  partitionKey: string
  data: string
  encoding?: string
}

const parseLines = (stdout: string): Line[] => stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line))

describe('tail --filter and tail --target (kinesalite, dynalite)', function () {
  this.timeout(300_000)
  let kinesalite: Emulator
  let dynalite: Emulator
  let kin: KinesisClient
  let ddb: DynamoDBClient
  let env: Record<string, string>
  const run = suffix()
  const table = `tailFilter-${run}`

  /** Puts the records in order on a 1-shard stream; returns their sequence numbers. */
  async function put(stream: string, records: Array<{data: Buffer | string; partitionKey: string}>): Promise<string[]> {
    const out = await kin.send(new PutRecordsCommand({Records: records.map((r) => ({Data: Buffer.from(r.data), PartitionKey: r.partitionKey})), StreamName: stream}))
    assert.equal(out.FailedRecordCount ?? 0, 0)
    return out.Records!.map((r) => r.SequenceNumber!)
  }

  const tail = (stream: string, ...extra: string[]): Promise<CliResult> =>
    runCli(['tail', '--source-type', 'kinesis', '--source', stream, '--from', 'trim-horizon', '--no-follow', ...extra], {env})

  before(async () => {
    // One stream per distinct pattern, and a few more.
    ;[kinesalite, dynalite] = await Promise.all([startKinesalite({shardLimit: KINESIS_VECTORS.length + 20}), startDynalite()])
    kin = kinesis(kinesalite.endpoint)
    ddb = dynamo(dynalite.endpoint)
    await createMappingTable(ddb, table)
    env = {AWS_ENDPOINT_URL_DYNAMODB: dynalite.endpoint, AWS_ENDPOINT_URL_KINESIS: kinesalite.endpoint}
  })
  after(async () => {
    kin?.destroy()
    ddb?.destroy()
    await Promise.all([kinesalite?.close(), dynalite?.close()])
  })

  describe(`every Kinesis vector (${KINESIS_VECTORS.length}) through tail --filter PATTERN --format json`, () => {
    const groups = groupByPattern(KINESIS_VECTORS)
    /** Per vector: the records tail printed for its pattern that are its own record. */
    const printed = new Map<number, Line[]>()
    const failures: string[] = []

    before(async () => {
      await mapLimit(groups, 4, async (vectors, n) => {
        const stream = `tail-vec-${n}-${run}`
        await createStream(kin, stream)
        const sequences = await put(stream, vectors.map((vector) => ({data: vectorRecordData(vector)!, partitionKey: PARTITION_KEY})))
        const result = await tail(stream, '--filter', vectors[0].pattern, '--format', 'json')
        if (result.code !== 0) failures.push(`${vectorName(vectors[0])}: exit ${result.code}: ${result.stderr.trim()}`)
        const lines = result.code === 0 ? parseLines(result.stdout) : []
        vectors.forEach((vector, k) => printed.set(vector.index, lines.filter((line) => line.sequenceNumber === sequences[k])))
        const foreign = lines.filter((line) => !sequences.includes(line.sequenceNumber))
        if (foreign.length) failures.push(`${vectorName(vectors[0])}: printed records that were not put: ${JSON.stringify(foreign)}`)
      })
    })

    it(`tail exits 0 for each of the ${groups.length} distinct patterns`, () => {
      assert.deepEqual(failures, [])
    })

    it('exactly the matching vectors print, each once, with its data and partition key', () => {
      const want = KINESIS_VECTORS.filter((vector) => vector.matches).map(vectorName)
      const got = KINESIS_VECTORS.filter((vector) => (printed.get(vector.index) ?? []).length > 0).map(vectorName)
      assert.deepEqual(got, want)
      for (const vector of KINESIS_VECTORS.filter((v) => v.matches)) {
        const lines = printed.get(vector.index)!
        assert.deepEqual(lines.map((line) => [line.partitionKey, line.data, line.encoding]), [[PARTITION_KEY, vectorRecordData(vector), undefined]], vectorName(vector))
      }
    })
  })

  it('KPL: tail shows the user records deaggregated and matches each on its own (its own partition key, the aggregate sequence number)', async () => {
    const stream = `tail-kpl-${run}`
    await createStream(kin, stream)
    const users = [
      {data: '{"kind":"order","n":0}', partitionKey: 'eu-0'},
      {data: '{"kind":"refund","n":1}', partitionKey: 'eu-1'},
      {data: 'not json', partitionKey: 'eu-2'},
      {data: '{"kind":"order","n":3}', partitionKey: 'us-3'},
    ]
    const [aggregated] = await aggregate(users)
    await put(stream, [aggregated, {data: '{"kind":"order","n":"plain"}', partitionKey: 'eu-plain'}])
    const byData = await tail(stream, '--filter', '{"data":{"kind":["order"]}}', '--format', 'json')
    assert.equal(byData.code, 0, byData.stderr)
    assert.deepEqual(parseLines(byData.stdout).map((line) => [line.partitionKey, line.data]), [
      ['eu-0', users[0].data],
      ['us-3', users[3].data],
      ['eu-plain', '{"kind":"order","n":"plain"}'],
    ])
    const byKey = await tail(stream, '--filter', '{"partitionKey":[{"prefix":"eu-"}],"data":{"kind":[{"anything-but":"refund"}]}}', '--format', 'json')
    assert.equal(byKey.code, 0, byKey.stderr)
    // "not json" has no data: a pattern naming data does not match it.
    assert.deepEqual(parseLines(byKey.stdout).map((line) => line.partitionKey), ['eu-0', 'eu-plain'])
  })

  it('matches approximateArrivalTimestamp in seconds with a fraction, as Lambda gives it', async () => {
    const stream = `tail-time-${run}`
    await createStream(kin, stream)
    const now = Date.now() / 1000
    await put(stream, [{data: '{"n":1}', partitionKey: 'k'}])
    const around = JSON.stringify({approximateArrivalTimestamp: [{numeric: ['>', Math.floor(now) - 120, '<', Math.floor(now) + 120]}]})
    const result = await tail(stream, '--filter', around, '--format', 'json')
    assert.equal(result.code, 0, result.stderr)
    assert.deepEqual(parseLines(result.stdout).map((line) => line.data), ['{"n":1}'])
  })

  it('--json prints the same lines as --format json; --format raw only the matching data', async () => {
    const stream = `tail-json-${run}`
    await createStream(kin, stream)
    await put(stream, [{data: '{"kind":"order"}', partitionKey: 'a'}, {data: '{"kind":"refund"}', partitionKey: 'b'}])
    const [json, format] = await Promise.all([
      tail(stream, '--filter', '{"data":{"kind":["order"]}}', '--json'),
      tail(stream, '--filter', '{"data":{"kind":["order"]}}', '--format', 'json'),
    ])
    assert.equal(json.code, 0, json.stderr)
    assert.equal(json.stdout, format.stdout)
    assert.deepEqual(parseLines(json.stdout).map((line) => line.partitionKey), ['a'])
    // --format raw prints the data of the matching records only.
    const raw = await tail(stream, '--filter', '{"data":{"kind":["order"]}}', '--format', 'raw')
    assert.equal(raw.code, 0, raw.stderr)
    assert.equal(raw.stdout, '{"kind":"order"}\n')
  })

  it('--max counts the records shown, not the records read', async () => {
    const stream = `tail-max-${run}`
    await createStream(kin, stream)
    const records = Array.from({length: 12}, (_, n) => ({data: JSON.stringify({kind: n % 3 === 0 ? 'order' : 'refund', n}), partitionKey: `k${n}`}))
    await put(stream, records)
    const result = await tail(stream, '--filter', '{"data":{"kind":["order"]}}', '--max', '3', '--format', 'json')
    assert.equal(result.code, 0, result.stderr)
    assert.deepEqual(parseLines(result.stdout).map((line) => line.partitionKey), ['k0', 'k3', 'k6'])
  })

  it('refuses an invalid pattern: exit 2, one line naming --filter and the reason, nothing printed', async () => {
    const stream = `tail-bad-${run}`
    await createStream(kin, stream)
    await put(stream, [{data: '{"kind":"order"}', partitionKey: 'a'}])
    const vector = INVALID_PATTERN_VECTORS.find((v) => v.rule === 'an unknown operator')!
    const result = await tail(stream, '--filter', vector.pattern, '--format', 'json')
    assert.equal(result.code, 2, result.stderr)
    const lines = result.stderr.split('\n').filter((line) => line.trim())
    assert.equal(lines.length, 1, result.stderr)
    assert.match(lines[0], /--filter/)
    assert.match(lines[0], vector.reason)
    assert.equal(result.stdout, '')
  })

  it('refuses an invalid pattern before any AWS call (a usage error, whatever the stream): exit 2, one line naming --filter', async () => {
    // Kinesis unreachable (a closed loopback port): the pattern is wrong whatever the stream holds.
    const result = await runCli(['tail', '--source-type', 'kinesis', '--source', 'anything', '--no-follow', '--filter', '{"data":'], {
      env: {...env, AWS_ENDPOINT_URL_KINESIS: 'http://127.0.0.1:9'},
    })
    assert.equal(result.code, 2, result.stderr)
    const lines = result.stderr.split('\n').filter((line) => line.trim())
    assert.equal(lines.length, 1, result.stderr)
    assert.match(lines[0], /--filter.*not JSON/)
  })

  it("--target ID applies the mapping's filter and partitionKey template: only what the mapping would receive, with its keys", async () => {
    const stream = `tail-target-${run}`
    await createStream(kin, stream)
    const sourceArn = `arn:aws:kinesis:us-east-1:000000000000:stream/${stream}`
    await putRow(ddb, table, {
      active: true,
      destination: `copy-${run}`,
      filter: '{"data":{"kind":["order"]}}',
      id: 'orders',
      partitionKey: 'c-${data.customerId}',
      sourceArn,
      type: 'kinesis',
    })
    const inputs = [
      {data: '{"customerId":"alice","kind":"order"}', partitionKey: 'src-0'},
      {data: '{"customerId":"bob","kind":"refund"}', partitionKey: 'src-1'},
      {data: '{"kind":"order"}', partitionKey: 'src-2'},
      {data: 'plain text', partitionKey: 'src-3'},
    ]
    const sequences = await put(stream, inputs)
    const result = await tail(stream, '--target', 'orders', '--table', table, '--format', 'json')
    assert.equal(result.code, 0, result.stderr)
    const previews = result.stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line)) as Array<{
      mapping: string
      records: Array<{sequenceNumber: string}>
      fields?: Record<string, string>
      payload?: string
      skipped?: string
    }>
    assert.ok(previews.every((preview) => preview.mapping === 'orders' && preview.skipped === undefined), result.stdout)
    assert.deepEqual(
      previews.map((preview) => preview.records.map((record) => record.sequenceNumber)),
      [[sequences[0]], [sequences[2]]],
    )
    assert.deepEqual(previews.map((preview) => preview.payload), [inputs[0].data, inputs[2].data])
    // The key the target would get: the template's, or the source key when the path is missing.
    const keyOf = (fields: Record<string, string> | undefined) => fields?.PartitionKey ?? fields?.partitionKey
    assert.deepEqual(previews.map((preview) => keyOf(preview.fields)), ['c-alice', 'src-2'])
  })
})
