// tail as a polite reader (docs/tail-and-demo.md): a 2-shard kinesalite stream with a multi-megabyte
// backlog, read through a counting stand-in. Every record is printed once; no shard sees two
// GetRecords calls less than a second apart, more than 1 MB in any 2 s, or an answer over 2 MB.
import {strict as assert} from 'node:assert'
import {CreateStreamCommand, DescribeStreamCommand, KinesisClient, PutRecordsCommand} from '@aws-sdk/client-kinesis'
import {createClient} from '../../../runtime/aws/client-factory.js'
import {runCli} from '../../helpers/cli.js'
import {startKinesalite, useTestAwsEnv, type Emulator} from '../../helpers/emulators.js'
import {rates, startCountingProxy, type CountingProxy} from '../tail/counting-proxy.js'

const MIB = 1024 * 1024

describe('tail: a polite reader of a shared stream (kinesalite behind a counting stand-in)', function () {
  this.timeout(120_000)
  let kinesalite: Emulator
  let proxy: CountingProxy
  let kinesis: KinesisClient
  const stream = `polite-${Math.random().toString(36).slice(2, 8)}`
  // 2 shards, 240 records of 50 KiB: about 6 MiB per shard.
  const RECORDS = 240
  const SIZE = 50 * 1024

  before(async () => {
    useTestAwsEnv()
    kinesalite = await startKinesalite()
    proxy = await startCountingProxy(kinesalite.endpoint)
    kinesis = createClient(KinesisClient, {endpoint: kinesalite.endpoint, region: 'us-east-1'})
    await kinesis.send(new CreateStreamCommand({ShardCount: 2, StreamName: stream}))
    while ((await kinesis.send(new DescribeStreamCommand({StreamName: stream}))).StreamDescription?.StreamStatus !== 'ACTIVE') {
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    for (let batch = 0; batch < RECORDS / 20; batch++) {
      const out = await kinesis.send(
        new PutRecordsCommand({
          Records: Array.from({length: 20}, (_, n) => {
            const index = batch * 20 + n
            const head = JSON.stringify({index, pad: ''}).slice(0, -2)
            return {Data: Buffer.from(`${head}${'x'.repeat(SIZE - head.length - 2)}"}`), PartitionKey: `key-${index}`}
          }),
          StreamName: stream,
        }),
      )
      assert.equal(out.FailedRecordCount ?? 0, 0)
    }
  })

  after(async () => {
    await proxy?.close()
    await kinesalite?.close()
  })

  it('--from trim-horizon --no-follow prints every record once, at most 1 call/s and 1 MB/s per shard (over any 2 s), no answer over 2 MB', async () => {
    const started = Date.now()
    const result = await runCli(['tail', '--source-type', 'kinesis', '--source', stream, '--from', 'TRIM_HORIZON', '--no-follow', '--json'], {
      env: {AWS_ENDPOINT_URL_KINESIS: proxy.endpoint},
    })
    const seconds = (Date.now() - started) / 1000
    assert.equal(result.code, 0, result.stderr)
    const lines = result.stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line) as {data: string; shardId: string})
    const indexes = lines.map((line) => JSON.parse(line.data).index as number).sort((a, b) => a - b)
    assert.deepEqual(indexes, Array.from({length: RECORDS}, (_, n) => n), 'every record once')
    const perShard = rates(proxy.calls)
    assert.equal(perShard.size, 2, 'both shards read')
    const report: string[] = []
    for (const [shardId, rate] of perShard) {
      assert.ok(rate.minGapMs >= 1000, `${shardId}: two calls ${rate.minGapMs} ms apart`)
      assert.ok(rate.maxWindowBytes <= 2 * MIB, `${shardId}: ${rate.maxWindowBytes} bytes within 2 s`)
      assert.ok(rate.maxAnswerBytes <= 2 * MIB, `${shardId}: an answer of ${rate.maxAnswerBytes} bytes`)
      report.push(
        `${shardId}: ${rate.calls} calls, ${(rate.bytes / MIB).toFixed(2)} MiB in ${rate.seconds.toFixed(1)} s (${(rate.bytes / MIB / Math.max(rate.seconds, 0.001)).toFixed(2)} MiB/s), shortest gap ${rate.minGapMs} ms, most in any 2 s ${(rate.maxWindowBytes / MIB).toFixed(2)} MiB, largest answer ${(rate.maxAnswerBytes / MIB).toFixed(2)} MiB`,
      )
    }
    if (process.env.FANOUT_REPORT_RATES) console.log(`      tail took ${seconds.toFixed(1)} s\n      ${report.join('\n      ')}`)
  })

  it('--fast: at most 4 calls/s and 2 MB/s per shard (over any 2 s), still no answer over 2 MB', async () => {
    proxy.calls.length = 0
    const result = await runCli(['tail', '--source-type', 'kinesis', '--source', stream, '--from', 'trim-horizon', '--no-follow', '--json', '--fast'], {
      env: {AWS_ENDPOINT_URL_KINESIS: proxy.endpoint},
    })
    assert.equal(result.code, 0, result.stderr)
    assert.equal(result.stdout.split('\n').filter(Boolean).length, RECORDS)
    for (const [shardId, rate] of rates(proxy.calls)) {
      assert.ok(rate.minGapMs >= 250, `${shardId}: two calls ${rate.minGapMs} ms apart`)
      assert.ok(rate.maxWindowBytes <= 4 * MIB, `${shardId}: ${rate.maxWindowBytes} bytes within 2 s`)
      assert.ok(rate.maxAnswerBytes <= 2 * MIB, `${shardId}: an answer of ${rate.maxAnswerBytes} bytes`)
      if (process.env.FANOUT_REPORT_RATES) {
        console.log(`      --fast ${shardId}: ${rate.calls} calls in ${rate.seconds.toFixed(1)} s, shortest gap ${rate.minGapMs} ms, most in any 2 s ${(rate.maxWindowBytes / MIB).toFixed(2)} MiB`)
      }
    }
  })
})
