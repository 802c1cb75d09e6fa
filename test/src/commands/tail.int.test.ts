// tail as a user runs it (node bin/run.js), against kinesalite and dynalite in-process.
import {strict as assert} from 'node:assert'
import {spawn} from 'node:child_process'
import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {
  CreateStreamCommand,
  DescribeStreamCommand,
  KinesisClient,
  PutRecordsCommand,
  SplitShardCommand,
} from '@aws-sdk/client-kinesis'
import {CreateTableCommand, DynamoDBClient, PutItemCommand} from '@aws-sdk/client-dynamodb'
import {createClient} from '../../../runtime/aws/client-factory.js'
import {aggregateRecords} from '../../../src/demo/kpl-aggregate.js'
import {runCli, RUN_JS, PROJECT_ROOT} from '../../helpers/cli.js'
import {startDynalite, startKinesalite, TEST_AWS_ENV, useTestAwsEnv, type Emulator} from '../../helpers/emulators.js'

interface Line {
  shardId: string
  sequenceNumber: string
  subSequenceNumber?: number
  partitionKey: string
  approximateArrivalTimestamp: string
  data: string
  encoding?: string
}

const parseLines = (stdout: string): Line[] => stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line))
const unique = (prefix: string) => `${prefix}-${Math.random().toString(36).slice(2, 8)}`

describe('tail command (kinesalite)', function () {
  this.timeout(60_000)
  let kinesalite: Emulator
  let dynalite: Emulator
  let kinesis: KinesisClient
  let env: Record<string, string>

  async function createStream(name: string, shards: number): Promise<void> {
    await kinesis.send(new CreateStreamCommand({ShardCount: shards, StreamName: name}))
    for (;;) {
      const out = await kinesis.send(new DescribeStreamCommand({StreamName: name}))
      if (out.StreamDescription?.StreamStatus === 'ACTIVE') return
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
  }

  async function put(name: string, records: Array<{key: string; data: Buffer | string}>): Promise<void> {
    const out = await kinesis.send(
      new PutRecordsCommand({Records: records.map((r) => ({Data: Buffer.from(r.data), PartitionKey: r.key})), StreamName: name}),
    )
    assert.equal(out.FailedRecordCount ?? 0, 0)
  }

  before(async () => {
    useTestAwsEnv()
    ;[kinesalite, dynalite] = await Promise.all([startKinesalite(), startDynalite()])
    kinesis = createClient(KinesisClient, {endpoint: kinesalite.endpoint, region: 'us-east-1'})
    env = {AWS_ENDPOINT_URL_DYNAMODB: dynalite.endpoint, AWS_ENDPOINT_URL_KINESIS: kinesalite.endpoint}
  })

  after(async () => {
    await Promise.all([kinesalite?.close(), dynalite?.close()])
  })

  describe('a stream with several shards, plain, binary and KPL-aggregated records', () => {
    const stream = unique('tail-mixed')
    const users = ['u0', 'u1', 'u2'].map((_, n) => ({data: Buffer.from(`{"user":${n}}`), partitionKey: `agg-${n}`}))
    let aggregate: Buffer
    let putAt: Date

    before(async () => {
      await createStream(stream, 3)
      ;[{data: aggregate}] = await aggregateRecords(users)
      await put(stream, [
        ...Array.from({length: 6}, (_, n) => ({data: JSON.stringify({n}), key: `key-${n}`})),
        {data: Buffer.from([0xde, 0xad, 0xbe, 0xef, 0xff]), key: 'binary'},
        {data: aggregate, key: 'agg-0'},
      ])
      putAt = new Date()
    })

    it('--from trim-horizon --no-follow --format json: every record of every shard, parsed back', async () => {
      const result = await runCli(['tail', '--source-type', 'kinesis', '--source', stream, '--from', 'trim-horizon', '--no-follow', '--format', 'json'], {env})
      assert.equal(result.code, 0, result.stderr)
      const lines = parseLines(result.stdout)
      assert.equal(lines.length, 6 + 1 + 3)
      assert.ok(new Set(lines.map((l) => l.shardId)).size >= 2, 'records come from several shards')
      for (const line of lines) {
        assert.match(line.shardId, /^shardId-\d{12}$/)
        assert.match(line.sequenceNumber, /^\d+$/)
        assert.ok(!Number.isNaN(Date.parse(line.approximateArrivalTimestamp)))
      }
      const plain = lines.filter((l) => l.partitionKey.startsWith('key-'))
      assert.deepEqual(plain.map((l) => JSON.parse(l.data).n).sort(), [0, 1, 2, 3, 4, 5])
      assert.ok(plain.every((l) => l.encoding === undefined && l.subSequenceNumber === undefined))
      const binary = lines.find((l) => l.partitionKey === 'binary')!
      assert.equal(binary.encoding, 'base64')
      assert.equal(Buffer.from(binary.data, 'base64').toString('hex'), 'deadbeefff')
      // The aggregate is shown as its user records, in order, with their own keys and one sequence number.
      const fromAggregate = lines.filter((l) => l.subSequenceNumber !== undefined)
      assert.deepEqual(fromAggregate.map((l) => [l.subSequenceNumber, l.partitionKey, l.data]), [
        [0, 'agg-0', '{"user":0}'],
        [1, 'agg-1', '{"user":1}'],
        [2, 'agg-2', '{"user":2}'],
      ])
      assert.equal(new Set(fromAggregate.map((l) => l.sequenceNumber)).size, 1)
    })

    it('--no-deaggregate shows the aggregate itself', async () => {
      const result = await runCli(
        ['tail', '--source-type', 'kinesis', '--source', stream, '--from', 'trim-horizon', '--no-follow', '--format', 'json', '--no-deaggregate'],
        {env},
      )
      assert.equal(result.code, 0, result.stderr)
      const lines = parseLines(result.stdout)
      assert.equal(lines.length, 8)
      const blob = lines.find((l) => l.partitionKey === 'agg-0')!
      assert.equal(blob.encoding, 'base64')
      assert.ok(Buffer.from(blob.data, 'base64').equals(aggregate))
    })

    it('--max stops after that many records, even while following', async () => {
      const started = Date.now()
      const result = await runCli(['tail', '--source-type', 'kinesis', '--source', stream, '--from', 'trim-horizon', '--max', '3', '--format', 'raw'], {env})
      assert.equal(result.code, 0, result.stderr)
      assert.equal(result.stdout.split('\n').filter(Boolean).length, 3)
      assert.ok(Date.now() - started < 15_000)
    })

    it('--from latest --no-follow shows nothing that was already there', async () => {
      const result = await runCli(['tail', '--source-type', 'kinesis', '--source', stream, '--from', 'LATEST', '--no-follow', '--format', 'json'], {env})
      assert.equal(result.code, 0, result.stderr)
      assert.equal(result.stdout, '')
    })

    it('--no-follow with neither --from nor --since reads the last 10 minutes (as aws logs tail); --json is --format json', async () => {
      const result = await runCli(['tail', '--source-type', 'kinesis', '--source', stream, '--no-follow', '--json'], {env})
      assert.equal(result.code, 0, result.stderr)
      assert.ok(parseLines(result.stdout).length >= 6 + 1 + 3)
    })

    it('without a source in a script: a usage error naming the flags (exit 2)', async () => {
      const result = await runCli(['tail', '--no-follow'], {env})
      assert.equal(result.code, 2)
      assert.match(result.stderr, /--source-type and --source, or --source-arn/)
      assert.equal(result.stderr.trim().split('\n').length, 1)
    })

    it('--from <ISO time> and --since start at that time', async () => {
      await new Promise((resolve) => setTimeout(resolve, 20))
      await put(stream, [{data: 'later-1', key: 'later'}, {data: 'later-2', key: 'later'}])
      const from = await runCli(
        ['tail', '--source-type', 'kinesis', '--source', stream, '--from', new Date(putAt.getTime() + 5).toISOString(), '--no-follow', '--format', 'raw'],
        {env},
      )
      assert.equal(from.code, 0, from.stderr)
      assert.deepEqual(from.stdout.split('\n').filter(Boolean), ['later-1', 'later-2'])
      const since = await runCli(['tail', '--source-type', 'kinesis', '--source', stream, '--since', '1h', '--no-follow', '--format', 'raw'], {env})
      assert.equal(since.code, 0, since.stderr)
      assert.equal(since.stdout.split('\n').filter(Boolean).length, 12)
    })

    /** A configuration table on dynalite holding one active mapping of this stream. */
    async function tableWith(item: Record<string, {S: string} | {BOOL: boolean}>): Promise<string> {
      const table = unique('tailTargets')
      const dynamodb = createClient(DynamoDBClient, {endpoint: dynalite.endpoint, region: 'us-east-1'})
      await dynamodb.send(
        new CreateTableCommand({
          AttributeDefinitions: [{AttributeName: 'sourceArn', AttributeType: 'S'}, {AttributeName: 'id', AttributeType: 'S'}],
          BillingMode: 'PAY_PER_REQUEST',
          KeySchema: [{AttributeName: 'sourceArn', KeyType: 'HASH'}, {AttributeName: 'id', KeyType: 'RANGE'}],
          TableName: table,
        }),
      )
      const Item = {active: {BOOL: true}, sourceArn: {S: `arn:aws:kinesis:us-east-1:000000000000:stream/${stream}`}, ...item}
      await dynamodb.send(new PutItemCommand({Item, TableName: table}))
      return table
    }

    it('--target shows what a mapping would receive, read from the table, without sending', async () => {
      const table = await tableWith({
        collapse: {S: 'JSON'},
        deaggregate: {BOOL: true},
        destination: {S: 'https://sqs.us-east-1.amazonaws.com/123456789012/preview'},
        id: {S: 'to-sqs'},
        type: {S: 'sqs'},
      })
      const result = await runCli(
        ['tail', '--source-type', 'kinesis', '--source', stream, '--from', 'trim-horizon', '--no-follow', '--format', 'json', '--target', 'to-sqs', '--table', table],
        {env},
      )
      assert.equal(result.code, 0, result.stderr)
      const messages = parseLines(result.stdout) as unknown as Array<{mapping: string; type: string; payload: string; records: unknown[]}>
      assert.ok(messages.length >= 2 && messages.every((m) => m.mapping === 'to-sqs' && m.type === 'sqs'))
      const all = messages.flatMap((m) => JSON.parse(m.payload).Records)
      // 6 JSON records + the binary one (as a JSON string of its base64) + 3 user records + 2 later ones.
      assert.equal(all.length, 12)
      assert.ok(all.some((record: unknown) => JSON.stringify(record) === '{"user":2}'))

      const missing = await runCli(['tail', '--source-type', 'kinesis', '--source', stream, '--target', 'nope', '--table', table], {env})
      assert.notEqual(missing.code, 0)
      assert.match(missing.stderr, /^Error: Mapping 'nope' not found for arn:aws:kinesis:.*\n$/)
    })

    it('--target never shows a destination\'s password', async () => {
      const table = await tableWith({destination: {S: 'rediss://app:planted-S3cret@cache.example:6380'}, id: {S: 'cache'}, type: {S: 'redis'}})
      for (const format of ['json', 'pretty']) {
        const result = await runCli(['tail', '--source-type', 'kinesis', '--source', stream, '--from', 'trim-horizon', '--no-follow', '--format', format, '--target', 'cache', '--table', table], {env})
        assert.equal(result.code, 0, result.stderr)
        assert.match(result.stdout, /rediss:\/\/app:\*\*\*\*@cache\.example:6380/)
        assert.ok(!`${result.stdout}${result.stderr}`.includes('planted-S3cret'), format)
      }
    })

    it('--filter PATTERN shows only the records the pattern matches, with the function\'s matcher and document (JSON or @FILE)', async () => {
      const pattern = '{"data":{"n":[{"numeric":[">=",3]}]},"partitionKey":[{"prefix":"key-"}]}'
      const text = await runCli(['tail', '--source-type', 'kinesis', '--source', stream, '--from', 'trim-horizon', '--no-follow', '--json', '--filter', pattern], {env})
      assert.equal(text.code, 0, text.stderr)
      assert.deepEqual(parseLines(text.stdout).map((line) => JSON.parse(line.data).n).sort(), [3, 4, 5])
      // KPL user records are matched one by one (after deaggregation), on their own keys.
      const file = join(mkdtempSync(join(tmpdir(), 'tail-filter-')), 'pattern.json')
      writeFileSync(file, '{"partitionKey":["agg-1"]}')
      const kpl = await runCli(['tail', '--source-type', 'kinesis', '--source', stream, '--from', 'trim-horizon', '--no-follow', '--json', '--filter', `@${file}`], {env})
      assert.equal(kpl.code, 0, kpl.stderr)
      assert.deepEqual(parseLines(kpl.stdout).map((line) => [line.partitionKey, line.subSequenceNumber]), [['agg-1', 1]])
      const bad = await runCli(['tail', '--source-type', 'kinesis', '--source', stream, '--no-follow', '--filter', '{"data":{"n":3}}'], {env})
      assert.equal(bad.code, 2)
      assert.match(bad.stderr, /^Error: Invalid --filter: .+\n$/)
    })
  })

  it('--source-arn addresses the stream by ARN (by its name on kinesalite, which predates StreamARN)', async () => {
    const stream = unique('tail-arn')
    await createStream(stream, 2)
    await put(stream, [{data: 'one', key: 'a'}, {data: 'two', key: 'b'}])
    const arn = `arn:aws:kinesis:us-east-1:000000000000:stream/${stream}`
    const result = await runCli(['tail', '--source-arn', arn, '--from', 'trim-horizon', '--no-follow', '--format', 'raw'], {env})
    assert.equal(result.code, 0, result.stderr)
    assert.deepEqual(result.stdout.split('\n').filter(Boolean).sort(), ['one', 'two'])
  })

  it('follows a reshard: records in the child shards appear, and Ctrl-C exits quietly', async () => {
    const stream = unique('tail-reshard')
    await createStream(stream, 1)
    const child = spawn(process.execPath, [RUN_JS, 'tail', '--source-type', 'kinesis', '--source', stream, '--format', 'json'], {
      cwd: PROJECT_ROOT,
      env: {...process.env, ...TEST_AWS_ENV, ...env, CI: 'true'},
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => (stdout += chunk))
    child.stderr.on('data', (chunk) => (stderr += chunk))
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)))
    const waitFor = async (test: () => boolean, what: string, action?: () => Promise<void>) => {
      const deadline = Date.now() + 20_000
      while (!test()) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; stdout: ${stdout}; stderr: ${stderr}`)
        await action?.()
        await new Promise((resolve) => setTimeout(resolve, 300))
      }
    }
    try {
      // --from latest: keep putting until the follower is positioned and sees one.
      await waitFor(() => stdout.includes('"before"'), 'the first record', () => put(stream, [{data: 'before', key: 'a'}]))
      const parent = (await kinesis.send(new DescribeStreamCommand({StreamName: stream}))).StreamDescription!.Shards![0]
      const middle = ((BigInt(parent.HashKeyRange!.StartingHashKey!) + BigInt(parent.HashKeyRange!.EndingHashKey!)) / 2n).toString()
      await kinesis.send(new SplitShardCommand({NewStartingHashKey: middle, ShardToSplit: parent.ShardId!, StreamName: stream}))
      for (;;) {
        const out = await kinesis.send(new DescribeStreamCommand({StreamName: stream}))
        if (out.StreamDescription?.StreamStatus === 'ACTIVE') break
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
      await put(stream, Array.from({length: 20}, (_, n) => ({data: `after-${n}`, key: `k${n}`})))
      await waitFor(() => parseLines(stdout).filter((l) => l.data.startsWith('after-')).length === 20, 'the records put after the split')
      const after = parseLines(stdout).filter((l) => l.data.startsWith('after-'))
      assert.ok(after.every((l) => l.shardId !== parent.ShardId), 'records after the split come from the child shards')
      assert.equal(new Set(after.map((l) => l.shardId)).size, 2)
      child.kill('SIGINT')
      assert.equal(await exited, 0)
      assert.ok(!/Error/.test(stderr), stderr)
    } finally {
      child.kill('SIGKILL')
    }
  })

  it('refuses an unknown stream and a malformed ARN in one line, non-zero', async () => {
    const unknown = await runCli(['tail', '--source-type', 'kinesis', '--source', unique('missing')], {env})
    assert.equal(unknown.code, 1)
    assert.match(unknown.stderr, /^Error: Kinesis stream 'missing-\w+' not found in us-east-1 \(check the name and --region\)\n$/)
    const malformed = await runCli(['tail', '--source-arn', 'arn:aws:kinesis:us-east-1:123:stream'], {env})
    assert.equal(malformed.code, 1)
    assert.match(malformed.stderr, /^Error: Invalid --source-arn 'arn:aws:kinesis:us-east-1:123:stream': .*\n$/)
    const badFrom = await runCli(['tail', '--source-type', 'kinesis', '--source', 'x', '--from', 'soon'], {env})
    assert.equal(badFrom.code, 1)
    assert.equal(badFrom.stderr.split('\n').filter(Boolean).length, 1)
  })
})
