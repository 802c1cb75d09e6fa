// deploy and destroy with parking, as a user runs them (node bin/run.js, no TTY) against moto: the
// bucket deploy creates and its settings read back (public access block, encryption, lifecycle), the
// role's parking policy, FANOUT_PARKING_BUCKET; --parking-retention-days, --parking-bucket (an
// existing bucket used as is), --no-parking; destroy keeps the bucket unless asked, and refuses to
// delete one holding parked records unless --force.
import {strict as assert} from 'node:assert'
import {
  CreateBucketCommand,
  GetBucketEncryptionCommand,
  GetBucketLifecycleConfigurationCommand,
  GetPublicAccessBlockCommand,
  HeadBucketCommand,
  type S3Client,
} from '@aws-sdk/client-s3'
import {GetRolePolicyCommand, IAMClient, ListRolePoliciesCommand} from '@aws-sdk/client-iam'
import {GetFunctionCommand, LambdaClient} from '@aws-sdk/client-lambda'
import {createClient} from '../../../runtime/aws/client-factory.js'
import {snapshotBundle} from '../../helpers/bundle-copy.js'
import {runCli} from '../../helpers/cli.js'
import {kinesisStreamArn} from '../../helpers/events.js'
import {MOTO_ENDPOINT, requireService} from '../../helpers/services.js'
import {mappingOf, motoConfig, motoS3, park} from '../parking/park-fixtures.js'

const ACCOUNT = '123456789012'
const REGION = 'us-east-1'

describe('deploy and destroy with parking (CLI against moto)', function () {
  this.timeout(90_000)
  const suffix = Math.random().toString(36).slice(2, 8)
  const fn = `fanoutPark${suffix}`
  const other = `fanoutOwnBucket${suffix}`
  const bucket = `${fn.toLowerCase()}-parked-${ACCOUNT}-${REGION}`
  const ownBucket = `own-parking-${suffix}`
  let s3: S3Client
  let iam: IAMClient
  let lambda: LambdaClient
  let bundle: string

  const cli = (args: string[]) => runCli([...args, '--endpoint-url', MOTO_ENDPOINT, '--region', REGION], {env: {FANOUT_BUNDLE_PATH: bundle}})
  const variables = async (name: string) => (await lambda.send(new GetFunctionCommand({FunctionName: name}))).Configuration?.Environment?.Variables
  const policies = async (role: string) => ((await iam.send(new ListRolePoliciesCommand({RoleName: role}))).PolicyNames ?? []).sort()
  const policy = async (role: string, name: string) =>
    JSON.parse(decodeURIComponent((await iam.send(new GetRolePolicyCommand({PolicyName: name, RoleName: role}))).PolicyDocument!))
  const exists = (name: string) => s3.send(new HeadBucketCommand({Bucket: name})).then(() => true, () => false)

  before(async function () {
    await requireService(this, 'moto')
    s3 = motoS3()
    iam = createClient(IAMClient, motoConfig)
    lambda = createClient(LambdaClient, motoConfig)
    // A snapshot of the bundle, so a rebuild running meanwhile does not change the code deployed.
    bundle = await snapshotBundle()
  })

  after(async () => {
    if (!s3) return
    await cli(['destroy', '--function', fn, '--yes', '--delete-table', '--delete-role', '--delete-parking-bucket', '--force'])
    await cli(['destroy', '--function', other, '--yes', '--delete-table', '--delete-role'])
  })

  it('--dry-run shows the bucket it would create, with its settings, and creates nothing', async () => {
    const result = await cli(['deploy', '--function', fn, '--dry-run'])
    assert.equal(result.code, 0, result.stderr)
    assert.match(result.stdout, new RegExp(`\\+ parking bucket ${bucket}: create \\(public access blocked, SSE-S3, parked/ expires after 14 days\\)`))
    assert.match(result.stdout, /\+ policy fanout-parking: create/)
    assert.match(result.stdout, new RegExp(`"arn:aws:s3:::${bucket}/parked/\\*"`))
    const json = JSON.parse((await cli(['deploy', '--function', fn, '--dry-run', '--json'])).stdout)
    assert.deepEqual(json.plan.parking, {
      action: 'create',
      bucket,
      from: 'default',
      retentionDays: 14,
      settings: {encryption: 'SSE-S3 (AES256)', lifecycle: 'objects under parked/ expire after 14 days', publicAccess: 'all blocked'},
    })
    assert.equal(await exists(bucket), false)
  })

  it('deploy creates the bucket: public access blocked, SSE-S3, parked/ expiring after 14 days; PutObject on parked/* only; FANOUT_PARKING_BUCKET', async () => {
    const result = await cli(['deploy', '--function', fn, '--json'])
    assert.equal(result.code, 0, result.stderr)
    const json = JSON.parse(result.stdout)
    assert.equal(json.parkingBucket, bucket)
    assert.equal(json.actions.parking, 'create')

    const block = await s3.send(new GetPublicAccessBlockCommand({Bucket: bucket}))
    assert.deepEqual(block.PublicAccessBlockConfiguration, {BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true})
    const encryption = await s3.send(new GetBucketEncryptionCommand({Bucket: bucket}))
    assert.equal(encryption.ServerSideEncryptionConfiguration?.Rules?.[0].ApplyServerSideEncryptionByDefault?.SSEAlgorithm, 'AES256')
    const lifecycle = await s3.send(new GetBucketLifecycleConfigurationCommand({Bucket: bucket}))
    assert.equal(lifecycle.Rules?.length, 1)
    assert.equal(lifecycle.Rules![0].Status, 'Enabled')
    assert.equal(lifecycle.Rules![0].Expiration?.Days, 14)
    assert.equal(lifecycle.Rules![0].Filter?.Prefix, 'parked/')

    assert.deepEqual((await policy(`${fn}Role`, 'fanout-parking')).Statement, [
      {Action: ['s3:PutObject'], Effect: 'Allow', Resource: [`arn:aws:s3:::${bucket}/parked/*`], Sid: 'ParkRecords'},
    ])
    assert.equal((await variables(fn))?.FANOUT_PARKING_BUCKET, bucket)

    const again = await cli(['deploy', '--function', fn])
    assert.equal(again.code, 0, again.stderr)
    assert.match(again.stdout, new RegExp(`= parking bucket ${bucket}: unchanged \\(parked/ expires after 14 days\\)`))
    assert.match(again.stdout, /Nothing to change/)
  })

  it('--parking-retention-days changes deploy\'s lifecycle rule', async () => {
    const result = await cli(['deploy', '--function', fn, '--parking-retention-days', '30'])
    assert.equal(result.code, 0, result.stderr)
    assert.match(result.stdout, /~ parking bucket \S+: update \(parked\/ expires after 14 -> 30 days\)/)
    const lifecycle = await s3.send(new GetBucketLifecycleConfigurationCommand({Bucket: bucket}))
    assert.deepEqual(lifecycle.Rules?.map((r) => r.Expiration?.Days), [30])
    // Not given again: kept.
    assert.match((await cli(['deploy', '--function', fn])).stdout, /Nothing to change/)
  })

  it('`parked --function` finds the bucket in the function\'s FANOUT_PARKING_BUCKET', async () => {
    const mapping = mappingOf({destination: `http://127.0.0.1:1/${ACCOUNT}/q`, id: 'to-queue', sourceArn: kinesisStreamArn(`s${suffix}`), type: 'sqs'})
    await park(s3, bucket, {datas: ['a', 'b'], firstN: 1, mapping, parkedAt: new Date('2026-01-02T03:04:05.000Z')})
    const result = await cli(['parked', '--function', fn, '--json'])
    assert.equal(result.code, 0, result.stderr)
    const [row] = JSON.parse(result.stdout)
    assert.deepEqual({...row, bytes: row.bytes > 0}, {bytes: true, id: 'to-queue', newest: '2026-01-02T03:04:05.000Z', objects: 1, oldest: '2026-01-02T03:04:05.000Z', records: 2, sourceArn: mapping.sourceArn})
  })

  it('destroy keeps the bucket; --delete-parking-bucket is refused while it holds parked records (nothing changed); --force deletes it', async () => {
    const refused = await cli(['destroy', '--function', fn, '--yes', '--delete-parking-bucket'])
    assert.equal(refused.code, 1)
    assert.match(refused.stderr, new RegExp(`^Error: Parking bucket ${bucket} holds 2 parked records in 1 object: nothing was changed \\(.*--force`))
    assert.equal(refused.stderr.trim().split('\n').length, 1)
    assert.ok(await variables(fn), 'the function is still there')
    assert.equal(await exists(bucket), true)

    const dry = await cli(['destroy', '--function', fn, '--dry-run'])
    assert.match(dry.stdout, new RegExp(`! parking bucket ${bucket} kept \\(--delete-parking-bucket removes it\\)`))

    const forced = await cli(['destroy', '--function', fn, '--yes', '--delete-parking-bucket', '--force', '--json'])
    assert.equal(forced.code, 0, forced.stderr)
    assert.equal(JSON.parse(forced.stdout).deletedParkingBucket, true)
    assert.equal(await exists(bucket), false)
  })

  it('--parking-bucket: an existing bucket is used as is; --no-parking removes the policy and the variable and keeps the bucket', async () => {
    await s3.send(new CreateBucketCommand({Bucket: ownBucket}))
    const result = await cli(['deploy', '--function', other, '--parking-bucket', ownBucket])
    assert.equal(result.code, 0, result.stderr)
    assert.match(result.stdout, new RegExp(`= parking bucket ${ownBucket}: used as is \\(not created by deploy\\)`))
    await assert.rejects(s3.send(new GetBucketLifecycleConfigurationCommand({Bucket: ownBucket})), {name: 'NoSuchLifecycleConfiguration'})
    assert.equal((await variables(other))?.FANOUT_PARKING_BUCKET, ownBucket)
    assert.deepEqual((await policy(`${other}Role`, 'fanout-parking')).Statement[0].Resource, [`arn:aws:s3:::${ownBucket}/parked/*`])

    // The next deploy keeps the function's bucket without the flag.
    assert.match((await cli(['deploy', '--function', other])).stdout, /Nothing to change/)

    const off = await cli(['deploy', '--function', other, '--no-parking'])
    assert.equal(off.code, 0, off.stderr)
    assert.match(off.stdout, /= parking: off/)
    assert.equal((await variables(other))?.FANOUT_PARKING_BUCKET, undefined)
    assert.ok(!(await policies(`${other}Role`)).includes('fanout-parking'))
    assert.equal(await exists(ownBucket), true)

    // A bucket deploy did not create is never deleted by destroy.
    const destroyed = await cli(['destroy', '--function', other, '--yes', '--delete-parking-bucket', '--parking-bucket', ownBucket])
    assert.equal(destroyed.code, 0, destroyed.stderr)
    assert.match(destroyed.stdout, new RegExp(`! parking bucket ${ownBucket} was not created by deploy: kept`))
    assert.equal(await exists(ownBucket), true)
  })

  it('a role deploy does not manage (--exec-role-arn) is left alone: the plan names the parking right it needs', async () => {
    const result = await cli(['deploy', '--function', other, '--exec-role-arn', `arn:aws:iam::${ACCOUNT}:role/theirRole`, '--parking-bucket', ownBucket, '--dry-run'])
    assert.equal(result.code, 0, result.stderr)
    assert.match(result.stdout, new RegExp(`! role theirRole is not managed by deploy: for parking it needs s3:PutObject on arn:aws:s3:::${ownBucket}/parked/\\*`))
  })

  it('--no-parking with --parking-bucket is a usage error (exit 2); a bad bucket name is refused', async () => {
    const both = await cli(['deploy', '--function', other, '--no-parking', '--parking-bucket', 'x-bucket'])
    assert.equal(both.code, 2)
    assert.match(both.stderr, /^Error: --no-parking cannot be combined with --parking-bucket/)
    const bad = await cli(['deploy', '--function', other, '--parking-bucket', 'Bad_Name', '--dry-run'])
    assert.equal(bad.code, 1)
    assert.match(bad.stderr, /^Error: Invalid parking bucket name 'Bad_Name': a bucket name holds only lower-case letters/)
  })
})
