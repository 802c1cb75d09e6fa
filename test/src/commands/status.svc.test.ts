// status as a user runs it (node bin/run.js, no TTY; and at a pseudo-terminal for the sparklines)
// against moto behind the moto-fixes stand-in: metric sums equal what was written with
// PutMetricData, each problem kind is produced by a test that creates it, --check exits 1 with a
// problem and 0 without.
import {strict as assert} from 'node:assert'
import {spawn, spawnSync} from 'node:child_process'
import {CloudWatchClient, PutMetricDataCommand} from '@aws-sdk/client-cloudwatch'
import {DynamoDBClient, PutItemCommand} from '@aws-sdk/client-dynamodb'
import {IAMClient, PutRolePolicyCommand} from '@aws-sdk/client-iam'
import {CreateStreamCommand, KinesisClient} from '@aws-sdk/client-kinesis'
import {LambdaClient, UpdateFunctionConfigurationCommand} from '@aws-sdk/client-lambda'
import {CreateBucketCommand, PutObjectCommand, S3Client} from '@aws-sdk/client-s3'
import {CreateQueueCommand, SQSClient} from '@aws-sdk/client-sqs'
import {createClient} from '../../../runtime/aws/client-factory.js'
import {parkedObjectKey} from '../../../runtime/parking/object-key.js'
import {snapshotBundle} from '../../helpers/bundle-copy.js'
import {PROJECT_ROOT, RUN_JS, runCli} from '../../helpers/cli.js'
import {TEST_AWS_ENV} from '../../helpers/emulators.js'
import {startMotoFixes, type MotoFixes} from '../../helpers/moto-fixes.js'
import {MOTO_ENDPOINT, requireService} from '../../helpers/services.js'

const ACCOUNT = '123456789012'
const REGION = 'us-east-1'
const KEYS = ['function', 'sources', 'mappings', 'parked', 'problems']

interface Report {
  function: {name: string; runtime: string | null; memory: number | null; timeout: number | null; codeCurrent: boolean | null}
  sources: Array<{sourceArn: string; state: string | null; consumerArn: string | null; iteratorAgeMs: number | null}>
  mappings: Array<{sourceArn: string; id: string; type: string; active: boolean; destination: string; filter: string | null; metrics: Record<string, number>}>
  parked: {records: number | null; objects: number | null}
  problems: Array<{kind: string; message: string; sourceArn: string | null; id: string | null}>
}

describe('status (CLI against moto behind the moto-fixes stand-in)', function () {
  this.timeout(120_000)
  const suffix = Math.random().toString(36).slice(2, 8)
  const fn = `fanoutSt${suffix}`
  const clean = `fanoutStClean${suffix}`
  const arnOf = (name: string) => `arn:aws:kinesis:${REGION}:${ACCOUNT}:stream/${name}`
  const hooked = arnOf(`stHooked${suffix}`)
  const unhooked = arnOf(`stUnhooked${suffix}`)
  const idle = arnOf(`stIdle${suffix}`)
  const bucket = `st-parked-${suffix}`.toLowerCase()
  let fixes: MotoFixes
  let config: {credentials: {accessKeyId: string; secretAccessKey: string}; endpoint: string; region: string}
  let bundle: string
  let queueUrl: string

  const cli = (args: string[], name = fn) => runCli([...args, '--function', name, '--endpoint-url', fixes.endpoint, '--region', REGION], {env: {FANOUT_BUNDLE_PATH: bundle}})
  const status = async (args: string[] = [], name = fn): Promise<{code: number; report: Report; stderr: string}> => {
    const result = await cli(['status', '--json', ...args], name)
    return {code: result.code, report: JSON.parse(result.stdout || 'null'), stderr: result.stderr}
  }
  const row = (sourceArn: string, id: string, fields: Record<string, string | boolean>) =>
    createClient(DynamoDBClient, config).send(
      new PutItemCommand({
        Item: {
          id: {S: id},
          sourceArn: {S: sourceArn},
          ...Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, typeof v === 'boolean' ? {BOOL: v} : {S: v}])),
        },
        TableName: `${fn}Targets`,
      }),
    )

  before(async function () {
    await requireService(this, 'moto')
    fixes = await startMotoFixes(MOTO_ENDPOINT, {activationMs: 0})
    config = {credentials: {accessKeyId: TEST_AWS_ENV.AWS_ACCESS_KEY_ID, secretAccessKey: TEST_AWS_ENV.AWS_SECRET_ACCESS_KEY}, endpoint: fixes.endpoint, region: REGION}
    bundle = await snapshotBundle()
    const kinesis = createClient(KinesisClient, config)
    for (const arn of [hooked, unhooked, idle]) await kinesis.send(new CreateStreamCommand({ShardCount: 1, StreamName: arn.split('/').pop()}))
    queueUrl = (await createClient(SQSClient, config).send(new CreateQueueCommand({QueueName: `stQueue${suffix}`}))).QueueUrl!
    for (const name of [fn, clean]) {
      const deployed = await cli(['deploy', '--json'], name)
      assert.equal(deployed.code, 0, deployed.stderr)
    }
  })

  after(async () => {
    await fixes?.close()
  })

  it('a freshly deployed function with nothing registered: the documented keys, no problem, --check exits 0', async () => {
    const {code, report} = await status(['--check'], clean)
    assert.equal(code, 0, JSON.stringify(report?.problems))
    assert.deepEqual(Object.keys(report), KEYS)
    assert.deepEqual(Object.keys(report.function), ['name', 'runtime', 'memory', 'timeout', 'codeCurrent'])
    assert.equal(report.function.name, clean)
    assert.equal(report.function.runtime, 'nodejs22.x')
    assert.equal(report.function.memory, 256)
    assert.equal(report.function.timeout, 60)
    assert.equal(report.function.codeCurrent, true)
    assert.deepEqual(report.sources, [])
    assert.deepEqual(report.mappings, [])
    assert.deepEqual(report.parked, {records: 0, objects: 0}, 'deploy made an empty parking bucket')
    assert.deepEqual(report.problems, [])
  })

  it('role policy drift: an inline policy changed by hand is listed (--check exits 1); deploy puts it back (exit 0)', async () => {
    const iam = createClient(IAMClient, config)
    const document = {Statement: [{Action: ['logs:*'], Effect: 'Allow', Resource: ['*']}], Version: '2012-10-17'}
    await iam.send(new PutRolePolicyCommand({PolicyDocument: JSON.stringify(document), PolicyName: 'fanout-logs', RoleName: `${clean}Role`}))
    const drifted = await status(['--check'], clean)
    assert.equal(drifted.code, 1)
    assert.equal(drifted.stderr, 'Error: status --check: 1 problem listed (role-policy-drift)\n')
    assert.deepEqual(
      drifted.report.problems.map((p) => [p.kind, p.sourceArn, p.id]),
      [['role-policy-drift', null, null]],
    )
    assert.match(drifted.report.problems[0].message, /inline policy fanout-logs differs from what deploy writes now/)
    const redeployed = await cli(['deploy'], clean)
    assert.equal(redeployed.code, 0, redeployed.stderr)
    assert.equal((await status(['--check'], clean)).code, 0)
  })

  describe('a fan-out with mappings, metrics, parked records and every kind of problem', () => {
    before(async () => {
      assert.equal((await cli(['hook', '--source-arn', hooked, '--consumer', 'st-consumer'])).code, 0)
      assert.equal((await cli(['hook', '--source-arn', idle])).code, 0)
      await row(hooked, 'to-queue', {active: true, collapse: 'none', destination: queueUrl, filter: '{"data":{"type":["order"]}}', type: 'sqs'})
      await row(hooked, 'gone', {active: true, collapse: 'none', destination: `${queueUrl}-deleted`, type: 'sqs'})
      await row(hooked, 'broken', {active: true, destination: 'x', type: 'carrier-pigeon'})
      await row(hooked, 'cache', {active: false, destination: 'rediss://user:s3cret-pass@cache.example:6380', type: 'redis'})
      await row(unhooked, 'orphan', {active: true, collapse: 'none', destination: queueUrl, type: 'sqs'})
      await row(idle, 'sleeping', {active: false, collapse: 'none', destination: queueUrl, type: 'sqs'})
      const cloudwatch = createClient(CloudWatchClient, config)
      const dims = (sourceArn: string, id: string, type: string) => [
        {Name: 'Source', Value: sourceArn},
        {Name: 'Target', Value: id},
        {Name: 'TargetType', Value: type},
      ]
      const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000)
      await cloudwatch.send(
        new PutMetricDataCommand({
          MetricData: [
            {Dimensions: dims(hooked, 'to-queue', 'sqs'), MetricName: 'Delivered', Timestamp: at(50), Value: 500},
            {Dimensions: dims(hooked, 'to-queue', 'sqs'), MetricName: 'Delivered', Timestamp: at(20), Value: 250},
            {Dimensions: dims(hooked, 'to-queue', 'sqs'), MetricName: 'Delivered', Timestamp: at(2), Value: 4},
            {Dimensions: dims(hooked, 'to-queue', 'sqs'), MetricName: 'Failed', Timestamp: at(10), Value: 3},
            {Dimensions: dims(hooked, 'to-queue', 'sqs'), MetricName: 'Filtered', Timestamp: at(5), Value: 40},
            {Dimensions: dims(hooked, 'gone', 'sqs'), MetricName: 'Parked', Timestamp: at(5), Value: 7},
            {Dimensions: dims(hooked, 'gone', 'sqs'), MetricName: 'Skipped', Timestamp: at(5), Value: 1},
            // Outside the default hour: not in the sums.
            {Dimensions: dims(hooked, 'to-queue', 'sqs'), MetricName: 'Delivered', Timestamp: at(120), Value: 10_000},
          ],
          Namespace: 'Custom/FanOut',
        }),
      )
      await cloudwatch.send(
        new PutMetricDataCommand({
          MetricData: [{Dimensions: [{Name: 'FunctionName', Value: fn}], MetricName: 'IteratorAge', Timestamp: at(3), Unit: 'Milliseconds', Value: 1500}],
          Namespace: 'AWS/Lambda',
        }),
      )
      const s3 = createClient(S3Client, {...config, extra: {forcePathStyle: true}})
      await s3.send(new CreateBucketCommand({Bucket: bucket}))
      const key = parkedObjectKey({count: 7, firstSequenceNumber: '4960000', mappingId: 'gone', parkedAt: at(5), shardId: 'shardId-000000000000', sourceArn: hooked})
      await s3.send(new PutObjectCommand({Body: Buffer.from('x'), Bucket: bucket, Key: key}))
      await s3.send(new PutObjectCommand({Body: Buffer.from('not a parked object'), Bucket: bucket, Key: 'parked/readme.txt'}))
      await createClient(LambdaClient, config).send(new UpdateFunctionConfigurationCommand({FunctionName: fn, Runtime: 'nodejs18.x'}))
    })

    it('--json: the function, the hooked sources (consumer, iterator age), every mapping with its sums, the parked backlog', async () => {
      const {code, report} = await status(['--parking-bucket', bucket])
      assert.equal(code, 0)
      assert.deepEqual(Object.keys(report), KEYS)
      assert.equal(report.function.runtime, 'nodejs18.x')
      const bySource = new Map(report.sources.map((s) => [s.sourceArn, s]))
      assert.deepEqual([...bySource.keys()].sort(), [hooked, idle].sort())
      assert.match(bySource.get(hooked)!.consumerArn!, new RegExp(`^${hooked}/consumer/st-consumer:\\d+$`))
      assert.equal(bySource.get(idle)!.consumerArn, null)
      assert.equal(bySource.get(hooked)!.iteratorAgeMs, 1500)
      assert.ok(bySource.get(hooked)!.state)
      const mapping = (id: string) => report.mappings.find((m) => m.id === id)!
      assert.deepEqual(Object.keys(mapping('to-queue')), ['sourceArn', 'id', 'type', 'active', 'destination', 'filter', 'metrics'])
      assert.deepEqual(Object.keys(mapping('to-queue').metrics), ['Delivered', 'Failed', 'Parked', 'Skipped', 'Filtered'])
      assert.deepEqual(Object.keys(report.sources[0]), ['sourceArn', 'state', 'consumerArn', 'iteratorAgeMs'])
      assert.deepEqual(Object.keys(report.parked), ['records', 'objects'])
      assert.deepEqual(mapping('to-queue').metrics, {Delivered: 754, Failed: 3, Parked: 0, Skipped: 0, Filtered: 40})
      assert.equal(mapping('to-queue').filter, '{"data":{"type":["order"]}}')
      assert.deepEqual(mapping('gone').metrics, {Delivered: 0, Failed: 0, Parked: 7, Skipped: 1, Filtered: 0})
      assert.deepEqual(mapping('orphan').metrics, {Delivered: 0, Failed: 0, Parked: 0, Skipped: 0, Filtered: 0})
      assert.equal(mapping('cache').destination, 'rediss://user:****@cache.example:6380')
      assert.deepEqual(report.parked, {objects: 1, records: 7})
      assert.equal(report.mappings.length, 6)
    })

    it('--since widens the window: the 2-hour-old data point counts', async () => {
      const {report} = await status(['--since', '3h'])
      assert.equal(report.mappings.find((m) => m.id === 'to-queue')!.metrics.Delivered, 10_754)
    })

    it('every problem kind the fan-out has is listed, with its source and mapping; --check exits 1', async () => {
      const {code, report} = await status(['--check'])
      assert.equal(code, 1)
      const kinds = (kind: string) => report.problems.filter((p) => p.kind === kind).map((p) => [p.sourceArn, p.id])
      assert.deepEqual(kinds('invalid-row'), [[hooked, 'broken']])
      assert.deepEqual(kinds('destination-missing'), [[hooked, 'gone']])
      assert.deepEqual(kinds('source-not-hooked'), [[unhooked, null]])
      assert.deepEqual(kinds('no-active-mapping'), [[idle, null]])
      assert.deepEqual(kinds('deprecated-runtime'), [[null, null]])
      // Rows written straight into the table (not with register): the publish policy lacks their queue.
      assert.ok(kinds('role-policy-drift').length >= 1)
      assert.ok(!JSON.stringify(report).includes('s3cret-pass'), 'no secret in the output')
    })

    it('--source-arn: only that source and its mappings', async () => {
      const {report} = await status(['--source-arn', unhooked])
      assert.deepEqual(report.sources, [])
      assert.deepEqual(report.mappings.map((m) => m.id), ['orphan'])
      assert.deepEqual(report.problems.filter((p) => p.sourceArn).map((p) => [p.kind, p.sourceArn]), [['source-not-hooked', unhooked]])
    })

    it('--watch --json: one document per redraw until Ctrl-C', async () => {
      const env = {...process.env, ...TEST_AWS_ENV, CI: 'true', FANOUT_BUNDLE_PATH: bundle}
      delete (env as Record<string, unknown>).AWS_PROFILE
      const child = spawn(process.execPath, [RUN_JS, 'status', '--watch', '--interval', '1', '--json', '--function', fn, '--endpoint-url', fixes.endpoint, '--region', REGION], {
        cwd: PROJECT_ROOT,
        env,
      })
      let out = ''
      child.stdout.on('data', (chunk) => (out += chunk))
      const started = Date.now()
      while (out.split('\n').filter(Boolean).length < 2 && Date.now() - started < 20_000) await new Promise((resolve) => setTimeout(resolve, 100))
      child.kill('SIGINT')
      const code = await new Promise((resolve) => child.on('close', resolve))
      assert.equal(code, 0)
      const documents = out.split('\n').filter(Boolean).map((line) => JSON.parse(line))
      assert.ok(documents.length >= 2)
      for (const document of documents) assert.deepEqual(Object.keys(document), KEYS)
    })

    it('the screen: sections, sums and problems (no sparklines without a terminal)', async () => {
      const result = await cli(['status'])
      assert.equal(result.code, 0, result.stderr)
      assert.match(result.stdout, new RegExp(`Function ${fn}\\s+nodejs18.x\\s+256 MB\\s+60 s`))
      assert.match(result.stdout, /consumer st-consumer/)
      assert.match(result.stdout, /to-queue\s+sqs\s+yes.*\s754\s+3\s+0\s+0\s+40/)
      assert.match(result.stdout, /✖ deprecated-runtime: runtime nodejs18.x was deprecated by Lambda on 2025-09-01/)
      assert.ok(!/[▁▂▃▄▅▆▇█]/.test(result.stdout))
      assert.ok(!result.stdout.includes('s3cret-pass'))
    })

    it('at a pseudo-terminal: a sparkline per mapping', async function () {
      if (spawnSync('script', ['-qec', 'true', '/dev/null']).status !== 0) {
        if (process.env.CI || process.env.FANOUT_REQUIRE_SERVICES) throw new Error('util-linux `script` is required for this test (a pseudo-terminal)')
        this.skip()
      }
      const quote = (value: string) => `'${value.replaceAll("'", "'\\''")}'`
      const args = ['status', '--function', fn, '--endpoint-url', fixes.endpoint, '--region', REGION]
      const env: Record<string, string | undefined> = {...process.env, ...TEST_AWS_ENV, COLUMNS: '200', FANOUT_BUNDLE_PATH: bundle, NO_COLOR: '1'}
      delete env.CI
      delete env.AWS_PROFILE
      const child = spawn('script', ['-qec', `stty cols 200; ${quote(process.execPath)} ${quote(RUN_JS)} ${args.map(quote).join(' ')}`, '/dev/null'], {
        cwd: PROJECT_ROOT,
        env: env as NodeJS.ProcessEnv,
        stdio: ['pipe', 'pipe', 'inherit'],
      })
      let out = ''
      child.stdout.on('data', (chunk) => (out += chunk))
      child.stdin.end()
      await new Promise((resolve) => child.on('close', resolve))
      const line = out.split(/\r?\n/).find((l) => /to-queue/.test(l))
      assert.ok(line, out)
      // 30 points over the hour: the 500, 250 and 4 written 50, 20 and 2 minutes ago.
      const spark = /([▁▂▃▄▅▆▇█]{20,})/.exec(line!)?.[1]
      assert.ok(spark, line)
      assert.equal(spark!.length, 30)
      assert.equal(spark!.replace(/▁/g, '').length, 3, spark)
      assert.ok(spark!.includes('█'))
      const orphan = out.split(/\r?\n/).find((l) => /orphan/.test(l))!
      assert.match(orphan, /▁{30}/)
    })
  })
})
