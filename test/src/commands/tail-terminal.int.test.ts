// tail at a terminal (a pseudo-terminal from util-linux `script`, CI unset): without a source it
// asks for one from the account's streams, and its header says how fast it reads.
import {strict as assert} from 'node:assert'
import {spawn, spawnSync} from 'node:child_process'
import {CreateStreamCommand, DescribeStreamCommand, KinesisClient, PutRecordsCommand} from '@aws-sdk/client-kinesis'
import {createClient} from '../../../runtime/aws/client-factory.js'
import {PROJECT_ROOT, RUN_JS} from '../../helpers/cli.js'
import {startKinesalite, TEST_AWS_ENV, useTestAwsEnv, type Emulator} from '../../helpers/emulators.js'

describe('tail at a terminal (kinesalite)', function () {
  this.timeout(60_000)
  let kinesalite: Emulator
  const stream = `tty-${Math.random().toString(36).slice(2, 8)}`

  before(async function () {
    if (spawnSync('script', ['-qec', 'true', '/dev/null']).status !== 0) {
      if (process.env.CI || process.env.FANOUT_REQUIRE_SERVICES) throw new Error('util-linux `script` is required for this suite (a pseudo-terminal)')
      this.skip()
    }
    useTestAwsEnv()
    kinesalite = await startKinesalite()
    const kinesis = createClient(KinesisClient, {endpoint: kinesalite.endpoint, region: 'us-east-1'})
    await kinesis.send(new CreateStreamCommand({ShardCount: 1, StreamName: stream}))
    while ((await kinesis.send(new DescribeStreamCommand({StreamName: stream}))).StreamDescription?.StreamStatus !== 'ACTIVE') {
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    await kinesis.send(new PutRecordsCommand({Records: ['a', 'b', 'c'].map((text) => ({Data: Buffer.from(`{"v":"${text}"}`), PartitionKey: text})), StreamName: stream}))
  })

  after(async () => {
    await kinesalite?.close()
  })

  it('asks for the source from a list, then reads it, with a header saying how fast', async () => {
    const quote = (value: string) => `'${value.replaceAll("'", "'\\''")}'`
    const args = ['tail', '--from', 'trim-horizon', '--no-follow', '--format', 'json']
    const env: Record<string, string | undefined> = {...process.env, ...TEST_AWS_ENV, AWS_ENDPOINT_URL_KINESIS: kinesalite.endpoint, NO_COLOR: '1'}
    delete env.CI
    delete env.AWS_PROFILE
    const child = spawn('script', ['-qec', `stty cols 200; ${quote(process.execPath)} ${quote(RUN_JS)} ${args.map(quote).join(' ')}; echo "rc=$?"`, '/dev/null'], {
      cwd: PROJECT_ROOT,
      env: env as NodeJS.ProcessEnv,
      stdio: ['pipe', 'pipe', 'inherit'],
    })
    let out = ''
    child.stdout.on('data', (chunk) => (out += chunk))
    const started = Date.now()
    while (!out.includes(stream) && Date.now() - started < 20_000) await new Promise((resolve) => setTimeout(resolve, 100))
    assert.match(out, /Tail which source\?/)
    assert.ok(out.includes(`${stream} (Kinesis stream)`), out)
    child.stdin.write('\r')
    const closed = new Promise((resolve) => child.on('close', resolve))
    await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 20_000))])
    child.stdin.end()
    await closed
    const text = out.replace(/\u001B\[[0-9;?]*[a-zA-Z]/g, '')
    assert.match(text, /rc=0/)
    assert.match(text, new RegExp(`Following Kinesis stream '${stream}' from the oldest record kept up to its newest record \\(at most 1 GetRecords call/s and 1 MB/s per shard\\)`))
    const records = text.split(/\r?\n/).filter((line) => line.startsWith('{"shardId"')).map((line) => JSON.parse(line).data)
    assert.deepEqual(records, ['{"v":"a"}', '{"v":"b"}', '{"v":"c"}'])
  })
})
