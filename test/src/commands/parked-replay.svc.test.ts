// parked and replay as a user runs them (node bin/run.js, no TTY) against moto: objects parked by
// the function's own park store, listed (text and --json), replayed into SQS queues through the
// runtime's target code (records arrive, objects deleted, a second replay finds nothing), a replay
// that cannot deliver (stops at the first such object, says what is left, exit 1), --to, --dry-run,
// --since/--until, and --purge.
import {strict as assert} from 'node:assert'
import {CreateBucketCommand, ListObjectsV2Command, type S3Client} from '@aws-sdk/client-s3'
import {CreateQueueCommand, ReceiveMessageCommand, SQSClient} from '@aws-sdk/client-sqs'
import {DynamoDBClient} from '@aws-sdk/client-dynamodb'
import {createClient} from '../../../runtime/aws/client-factory.js'
import type {Mapping} from '../../../runtime/mapping/schema.js'
import {mappingToItem} from '../../../runtime/mapping/schema.js'
import {runCli} from '../../helpers/cli.js'
import {kinesisStreamArn} from '../../helpers/events.js'
import {MOTO_ENDPOINT, requireService} from '../../helpers/services.js'
import {createMappingTable, putRow} from '../../runtime/fixtures.js'
import {mappingOf, motoConfig, motoS3, park} from '../parking/park-fixtures.js'

const ACCOUNT = '123456789012'
const REGION = 'us-east-1'

describe('parked and replay (CLI against moto)', function () {
  this.timeout(90_000)
  const suffix = Math.random().toString(36).slice(2, 8)
  const fn = `fanoutReplay${suffix}`
  const table = `${fn}Targets`
  const bucket = `replay-test-${suffix}`
  const source = kinesisStreamArn(`orders${suffix}`)
  const queueUrl = (name: string) => `${MOTO_ENDPOINT}/${ACCOUNT}/${name}`
  let s3: S3Client
  let sqs: SQSClient
  const mappings: Record<string, Mapping> = {}

  const cli = (args: string[]) => runCli([...args, '--function', fn, '--endpoint-url', MOTO_ENDPOINT, '--region', REGION, '--parking-bucket', bucket])
  const keys = async (prefix = 'parked/') => ((await s3.send(new ListObjectsV2Command({Bucket: bucket, Prefix: prefix}))).Contents ?? []).map((o) => o.Key!)
  const keysOf = async (id: string) => (await keys()).filter((key) => key.includes(`/${encodeURIComponent(id)}/`))
  async function received(name: string): Promise<string[]> {
    const bodies: string[] = []
    for (;;) {
      const out = await sqs.send(new ReceiveMessageCommand({MaxNumberOfMessages: 10, QueueUrl: queueUrl(name), VisibilityTimeout: 300, WaitTimeSeconds: 0}))
      if (!out.Messages?.length) return bodies
      bodies.push(...out.Messages.map((m) => m.Body!))
    }
  }
  const at = (iso: string) => new Date(iso)

  before(async function () {
    await requireService(this, 'moto')
    s3 = motoS3()
    sqs = createClient(SQSClient, motoConfig)
    const ddb = createClient(DynamoDBClient, motoConfig)
    await s3.send(new CreateBucketCommand({Bucket: bucket}))
    await createMappingTable(ddb, table)
    for (const name of ['main', 'other', 'big']) await sqs.send(new CreateQueueCommand({QueueName: `${name}-${suffix}`}))
    const rows = {
      big: `big-${suffix}`,
      gone: `gone-${suffix}`, // never created: every send is refused
      main: `main-${suffix}`,
      other: `other-${suffix}`,
    }
    for (const [id, queue] of Object.entries(rows)) {
      mappings[id] = mappingOf({collapse: 'none', destination: queueUrl(queue), id, sourceArn: source, type: 'sqs'})
      await putRow(ddb, table, mappingToItem(mappings[id]))
    }
  })

  it('with nothing parked: says so, --json is [], exit 0', async () => {
    const text = await cli(['parked'])
    assert.equal(text.code, 0, text.stderr)
    assert.equal(text.stdout.trim(), `No parked records in bucket ${bucket}.`)
    const json = await cli(['parked', '--json'])
    assert.deepEqual(JSON.parse(json.stdout), [])
  })

  it('parked: per mapping records, objects, bytes, oldest, newest (from the listing), and the reasons', async () => {
    await park(s3, bucket, {datas: ['m1', 'm2', 'm3'], firstN: 1, mapping: mappings.main, parkedAt: at('2026-02-01T10:00:00.000Z')})
    await park(s3, bucket, {datas: ['m4', 'm5'], firstN: 4, mapping: mappings.main, parkedAt: at('2026-02-01T11:30:00.000Z'), reason: 'expired'})
    await park(s3, bucket, {datas: ['m6'], firstN: 6, mapping: mappings.main, parkedAt: at('2026-02-02T09:00:00.000Z'), reason: 'circuit-open'})
    await park(s3, bucket, {datas: ['g1', 'g2'], firstN: 10, mapping: mappings.gone, parkedAt: at('2026-02-01T10:05:00.000Z')})
    const listing = (await s3.send(new ListObjectsV2Command({Bucket: bucket}))).Contents ?? []
    const bytesOf = (id: string) => listing.filter((o) => o.Key!.includes(`/${id}/`)).reduce((sum, o) => sum + (o.Size ?? 0), 0)

    const json = await cli(['parked', '--json'])
    assert.equal(json.code, 0, json.stderr)
    assert.deepEqual(JSON.parse(json.stdout), [
      {bytes: bytesOf('gone'), id: 'gone', newest: '2026-02-01T10:05:00.000Z', objects: 1, oldest: '2026-02-01T10:05:00.000Z', records: 2, sourceArn: source},
      {bytes: bytesOf('main'), id: 'main', newest: '2026-02-02T09:00:00.000Z', objects: 3, oldest: '2026-02-01T10:00:00.000Z', records: 6, sourceArn: source},
    ])
    const one = await cli(['parked', '--source-arn', source, '--id', 'main', '--json'])
    assert.deepEqual(JSON.parse(one.stdout).map((r: {id: string}) => r.id), ['main'])

    const text = await cli(['parked'])
    assert.equal(text.code, 0, text.stderr)
    assert.match(text.stdout, new RegExp(`^${source} \\(bucket ${bucket}\\):`))
    assert.match(text.stdout, /\n {2}main +6 +3 +\d+(\.\d)? (B|KiB) +2026-02-01 10:00:00Z +2026-02-02 09:00:00Z +refused 3, expired 2, circuit-open 1\n/)
    assert.match(text.stdout, /\n {2}gone +2 +1 .* refused 2\n/)
    assert.match(text.stdout, /8 parked records in all/)
  })

  it('replay --dry-run lists what it would send and changes nothing (exit 0)', async () => {
    const before = await keys()
    const result = await cli(['replay', '--source-arn', source, '--id', 'main', '--dry-run', '--json'])
    assert.equal(result.code, 0, result.stderr)
    assert.deepEqual(JSON.parse(result.stdout), {objects: 0, remaining: 6, replayed: 0})
    const text = await cli(['replay', '--source-arn', source, '--id', 'main', '--dry-run'])
    assert.match(text.stdout, /Would replay 6 records in 3 objects \(parked 2026-02-01T10:00:00.000Z to 2026-02-02T09:00:00.000Z\) of mapping 'main'/)
    assert.deepEqual(await keys(), before)
    assert.deepEqual(await received(`main-${suffix}`), [])
  })

  it('replay --since/--until replays only the objects parked in that range, oldest first', async () => {
    const result = await cli(['replay', '--source-arn', source, '--id', 'main', '--since', '2026-02-01T11:00:00Z', '--until', '2026-02-02', '--json'])
    assert.equal(result.code, 0, result.stderr)
    assert.deepEqual(JSON.parse(result.stdout), {objects: 1, remaining: 0, replayed: 2})
    assert.deepEqual((await received(`main-${suffix}`)).sort(), ['m4', 'm5'])
    assert.equal((await keysOf('main')).length, 2)
  })

  it('replay delivers every parked record, deletes the objects; a second replay finds nothing (exit 0 both times)', async () => {
    const result = await cli(['replay', '--source-arn', source, '--id', 'main'])
    assert.equal(result.code, 0, result.stderr)
    assert.match(result.stdout, new RegExp(`Replayed 4 of 4 records \\(2 of 2 objects deleted\\) of mapping 'main' of ${source} into mapping 'main' \\(sqs `))
    assert.equal(result.stderr, '', 'no progress output in scripts')
    assert.deepEqual((await received(`main-${suffix}`)).sort(), ['m1', 'm2', 'm3', 'm6'])
    assert.deepEqual(await keysOf('main'), [])

    const again = await cli(['replay', '--source-arn', source, '--id', 'main', '--json'])
    assert.equal(again.code, 0, again.stderr)
    assert.deepEqual(JSON.parse(again.stdout), {objects: 0, remaining: 0, replayed: 0})
  })

  it('replay into a target that refuses: stops, says what is left, keeps the objects, exit 1', async () => {
    const result = await cli(['replay', '--source-arn', source, '--id', 'gone', '--json'])
    assert.equal(result.code, 1)
    assert.deepEqual(JSON.parse(result.stdout), {objects: 0, remaining: 2, replayed: 0})
    assert.match(result.stderr, /^Error: replay stopped at parked\/\S+: 2 of 2 records refused: QueueDoesNotExist: The specified queue does not exist\.; 2 records \(1 object\) still parked; run replay again once the target takes them\.\n$/)
    assert.equal((await keysOf('gone')).length, 1)
  })

  it('--to delivers into another mapping of the same source', async () => {
    const result = await cli(['replay', '--source-arn', source, '--id', 'gone', '--to', 'other', '--json'])
    assert.equal(result.code, 0, result.stderr)
    assert.deepEqual(JSON.parse(result.stdout), {objects: 1, remaining: 0, replayed: 2})
    assert.deepEqual((await received(`other-${suffix}`)).sort(), ['g1', 'g2'])
    assert.deepEqual(await keysOf('gone'), [])
    const missing = await cli(['replay', '--source-arn', source, '--id', 'main', '--to', 'nope'])
    assert.equal(missing.code, 1)
    assert.match(missing.stderr, /^Error: Mapping 'nope' \(--to\) not found for /)
  })

  it('stops at the first object that cannot be delivered: earlier objects delivered and deleted, later ones not tried', async () => {
    const tooBig = Buffer.alloc(1_100_000, 'x') // over SQS's 1 MiB message limit: refused for good
    await park(s3, bucket, {datas: ['b1', 'b2'], firstN: 20, mapping: mappings.big, parkedAt: at('2026-03-01T00:00:00.000Z')})
    await park(s3, bucket, {datas: ['b3', tooBig], firstN: 22, mapping: mappings.big, parkedAt: at('2026-03-01T01:00:00.000Z'), reason: 'undeliverable'})
    await park(s3, bucket, {datas: ['b5'], firstN: 24, mapping: mappings.big, parkedAt: at('2026-03-01T02:00:00.000Z')})
    const result = await cli(['replay', '--source-arn', source, '--id', 'big', '--json'])
    assert.equal(result.code, 1)
    assert.deepEqual(JSON.parse(result.stdout), {objects: 1, remaining: 3, replayed: 2})
    assert.match(result.stderr, /stopped at parked\/\S+2026-03-01T01:00:00\.000Z\S+: 1 of 2 records refused for good: .*; 3 records \(2 objects\) still parked/)
    assert.deepEqual((await received(`big-${suffix}`)).filter((body) => body.length < 10).sort(), ['b1', 'b2', 'b3'])
    assert.equal((await keysOf('big')).length, 2)
  })

  it('parked --purge deletes a mapping\'s parked records: refused without --yes in scripts, done with it', async () => {
    const refused = await cli(['parked', '--purge', '--id', 'big'])
    assert.equal(refused.code, 1)
    assert.match(refused.stderr, /^Error: Refusing to delete 3 parked records of mapping 'big' without confirmation: pass --yes/)
    assert.equal((await keysOf('big')).length, 2)
    const purged = await cli(['parked', '--purge', '--id', 'big', '--yes', '--json'])
    assert.equal(purged.code, 0, purged.stderr)
    assert.deepEqual(JSON.parse(purged.stdout), {id: 'big', objects: 2, purged: 3, sourceArn: source})
    assert.deepEqual(await keysOf('big'), [])
    assert.deepEqual(JSON.parse((await cli(['parked', '--json'])).stdout), [])
  })

  it('usage errors exit 2 and name the flag: no --id, no source, --purge without --id, a bad --since', async () => {
    const noId = await cli(['replay', '--source-arn', source])
    assert.equal(noId.code, 2)
    assert.match(noId.stderr, /^Error: Missing --id \(the mapping whose parked records to replay\) \(see --help\)$/m)
    const noSource = await cli(['replay', '--id', 'main'])
    assert.equal(noSource.code, 2)
    assert.match(noSource.stderr, /^Error: Missing --source-arn \(or --source-type with --source\) \(see --help\)$/m)
    const purge = await cli(['parked', '--purge'])
    assert.equal(purge.code, 2)
    assert.match(purge.stderr, /^Error: Missing --id \(the mapping whose parked records --purge deletes\)/)
    const since = await cli(['replay', '--source-arn', source, '--id', 'main', '--since', 'yesterday'])
    assert.equal(since.code, 2)
    assert.match(since.stderr, /^Error: Invalid --since 'yesterday'/)
  })
})
