// replay at a terminal (a pseudo-terminal from util-linux `script`, CI unset, stderr a terminal too):
// without --id it asks which mapping from the parked listing, and shows its progress on stderr.
import {strict as assert} from 'node:assert'
import {spawn, spawnSync} from 'node:child_process'
import {CreateBucketCommand, ListObjectsV2Command, type S3Client} from '@aws-sdk/client-s3'
import {CreateQueueCommand, ReceiveMessageCommand, SQSClient} from '@aws-sdk/client-sqs'
import {DynamoDBClient} from '@aws-sdk/client-dynamodb'
import {createClient} from '../../../runtime/aws/client-factory.js'
import {mappingToItem} from '../../../runtime/mapping/schema.js'
import {PROJECT_ROOT, RUN_JS} from '../../helpers/cli.js'
import {TEST_AWS_ENV} from '../../helpers/emulators.js'
import {kinesisStreamArn} from '../../helpers/events.js'
import {MOTO_ENDPOINT, requireService} from '../../helpers/services.js'
import {createMappingTable, putRow} from '../../runtime/fixtures.js'
import {mappingOf, motoConfig, motoS3, park} from '../parking/park-fixtures.js'

/** The CLI in a pseudo-terminal (stdin, stdout and stderr), answering each prompt once it shows. */
async function atTerminal(args: string[], answers: Array<[prompt: RegExp, keys: string]>): Promise<{code: number; output: string}> {
  const quote = (value: string) => `'${value.replaceAll("'", "'\\''")}'`
  // A pseudo-terminal without a size has 0 columns (no spinner there): give it one.
  const command = `stty cols 160 rows 40; ${quote(process.execPath)} ${quote(RUN_JS)} ${args.map(quote).join(' ')}; echo "rc=$?"`
  const env: Record<string, string | undefined> = {...process.env, ...TEST_AWS_ENV, NO_COLOR: '1'}
  delete env.CI
  delete env.AWS_PROFILE
  const child = spawn('script', ['-qec', command, '/dev/null'], {cwd: PROJECT_ROOT, env: env as NodeJS.ProcessEnv, stdio: ['pipe', 'pipe', 'inherit']})
  let output = ''
  child.stdout.on('data', (chunk) => (output += chunk))
  for (const [prompt, keys] of answers) {
    const started = Date.now()
    while (Date.now() - started < 20_000 && !prompt.test(output)) await new Promise((resolve) => setTimeout(resolve, 100))
    child.stdin.write(keys)
  }
  await new Promise((resolve) => child.on('close', resolve))
  return {code: Number(/rc=(\d+)/.exec(output)?.[1] ?? -1), output}
}

describe('replay at a terminal (moto)', function () {
  this.timeout(60_000)
  const suffix = Math.random().toString(36).slice(2, 8)
  const fn = `fanoutReplayTty${suffix}`
  const bucket = `replay-tty-${suffix}`
  const source = kinesisStreamArn(`tty${suffix}`)
  const queue = `${MOTO_ENDPOINT}/123456789012/tty-${suffix}`
  let s3: S3Client
  let sqs: SQSClient

  before(async function () {
    await requireService(this, 'moto')
    if (spawnSync('script', ['-qec', 'true', '/dev/null']).status !== 0) {
      if (process.env.CI || process.env.FANOUT_REQUIRE_SERVICES) throw new Error('util-linux `script` is required for this suite (a pseudo-terminal)')
      this.skip()
    }
    s3 = motoS3()
    sqs = createClient(SQSClient, motoConfig)
    const ddb = createClient(DynamoDBClient, motoConfig)
    await s3.send(new CreateBucketCommand({Bucket: bucket}))
    await createMappingTable(ddb, `${fn}Targets`)
    await sqs.send(new CreateQueueCommand({QueueName: `tty-${suffix}`}))
    const mapping = mappingOf({collapse: 'none', destination: queue, id: 'to-queue', sourceArn: source, type: 'sqs'})
    await putRow(ddb, `${fn}Targets`, mappingToItem(mapping))
    await park(s3, bucket, {datas: ['t1', 't2'], firstN: 1, mapping, parkedAt: new Date('2026-04-01T00:00:00.000Z')})
    await park(s3, bucket, {datas: ['t3'], firstN: 3, mapping, parkedAt: new Date('2026-04-01T01:00:00.000Z')})
  })

  it('asks which mapping from the parked listing, replays it with a progress bar on stderr', async () => {
    const common = ['--function', fn, '--endpoint-url', MOTO_ENDPOINT, '--region', 'us-east-1', '--parking-bucket', bucket]
    const {code, output} = await atTerminal(['replay', ...common], [[/Replay the parked records of which mapping\?/, '\r']])
    assert.equal(code, 0, output)
    assert.match(output, /to-queue: 3 records since 2026-04-01T00:00:00.000Z/)
    assert.match(output, /Replaying \[-+\] 0\/3 records, 0\/2 objects/)
    assert.match(output, /Replayed 3 of 3 records \(2 of 2 objects deleted\) of mapping 'to-queue'/)
    const out = await sqs.send(new ReceiveMessageCommand({MaxNumberOfMessages: 10, QueueUrl: queue, WaitTimeSeconds: 0}))
    assert.deepEqual(out.Messages?.map((m) => m.Body).sort(), ['t1', 't2', 't3'])
    assert.equal((await s3.send(new ListObjectsV2Command({Bucket: bucket}))).KeyCount, 0)
  })

  it('parked --purge without --id asks which mapping, then confirms; "no" keeps the records (exit 1)', async () => {
    const mapping = mappingOf({collapse: 'none', destination: queue, id: 'to-queue', sourceArn: source, type: 'sqs'})
    await park(s3, bucket, {datas: ['p1'], firstN: 9, mapping, parkedAt: new Date('2026-04-02T00:00:00.000Z')})
    const common = ['--function', fn, '--endpoint-url', MOTO_ENDPOINT, '--region', 'us-east-1', '--parking-bucket', bucket]
    const which = /Purge the parked records of which mapping\?/
    const declined = await atTerminal(['parked', '--purge', ...common], [[which, '\r'], [/Delete 1 parked record \(1 object\)/, 'n\r']])
    assert.equal(declined.code, 1, declined.output)
    assert.match(declined.output, /Cancelled: nothing changed/)
    assert.equal((await s3.send(new ListObjectsV2Command({Bucket: bucket}))).KeyCount, 1)
    const purged = await atTerminal(['parked', '--purge', ...common], [[which, '\r'], [/Delete 1 parked record \(1 object\)/, 'y\r']])
    assert.equal(purged.code, 0, purged.output)
    assert.match(purged.output, /Purged 1 parked record \(1 object\) of mapping 'to-queue'/)
    assert.equal((await s3.send(new ListObjectsV2Command({Bucket: bucket}))).KeyCount, 0)
  })
})
