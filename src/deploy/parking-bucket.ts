// The parking bucket (docs/architecture.md, "Isolation"; docs/deploy.md): what deploy creates (all public access blocked,
// default encryption SSE-S3, a lifecycle rule expiring `parked/` after the retention), how it is
// read back, and how destroy removes it. A bucket deploy created carries its lifecycle rule (by id):
// that is how a later deploy or destroy tells it from a bucket the user brought with --parking-bucket.
import type {LifecycleRule} from '@aws-sdk/client-s3'
import type {AwsClients} from '../aws/clients.js'
import {UserError} from '../errors.js'
import {isNoSuchBucket, parkingS3, s3Sdk} from '../parking/s3-client.js'
import {PARKED_PREFIX, parseParkedObjectKey} from '../../runtime/parking/object-key.js'

export const DEFAULT_RETENTION_DAYS = 14
/** The id of deploy's lifecycle rule; its presence marks a bucket deploy created. */
export const LIFECYCLE_RULE_ID = 'kinesis-fanout-expire-parked'

export interface ParkingBucketState {
  name: string
  exists: boolean
  /** Created by deploy (it has deploy's lifecycle rule). */
  managed: boolean
  /** Days after which deploy's rule expires parked objects. */
  retentionDays?: number
}

export async function readParkingBucket(aws: AwsClients, name: string): Promise<ParkingBucketState> {
  const {HeadBucketCommand, GetBucketLifecycleConfigurationCommand} = s3Sdk()
  const s3 = parkingS3(aws)
  try {
    await s3.send(new HeadBucketCommand({Bucket: name}))
  } catch (error) {
    if (isNoSuchBucket(error)) return {exists: false, managed: false, name}
    if ((error as {$metadata?: {httpStatusCode?: number}}).$metadata?.httpStatusCode === 403) {
      throw new UserError(`Parking bucket '${name}' exists but this account cannot use it (owned by another account, or no s3:ListBucket)`, {
        suggestion: 'name another with --parking-bucket, or deploy with --no-parking',
      })
    }
    throw error
  }
  try {
    const {Rules} = await s3.send(new GetBucketLifecycleConfigurationCommand({Bucket: name}))
    const rule = Rules?.find((r) => r.ID === LIFECYCLE_RULE_ID)
    return {exists: true, managed: Boolean(rule), name, retentionDays: rule?.Expiration?.Days}
  } catch (error) {
    if (['NoSuchLifecycleConfiguration', 'AccessDenied'].includes((error as Error).name)) return {exists: true, managed: false, name}
    throw error
  }
}

const lifecycle = (days: number) => ({
  Rules: [{Expiration: {Days: days}, Filter: {Prefix: PARKED_PREFIX}, ID: LIFECYCLE_RULE_ID, Status: 'Enabled' as const}],
})

/** The settings a created bucket gets (also what --dry-run shows). */
export function parkingBucketSettings(retentionDays: number) {
  return {
    encryption: 'SSE-S3 (AES256)',
    lifecycle: `objects under ${PARKED_PREFIX} expire after ${retentionDays} day${retentionDays === 1 ? '' : 's'}`,
    publicAccess: 'all blocked',
  }
}

export async function createParkingBucket(aws: AwsClients, name: string, region: string, retentionDays: number): Promise<void> {
  const {CreateBucketCommand, PutBucketEncryptionCommand, PutPublicAccessBlockCommand} = s3Sdk()
  const s3 = parkingS3(aws)
  try {
    await s3.send(new CreateBucketCommand({Bucket: name, ...(region === 'us-east-1' ? {} : {CreateBucketConfiguration: {LocationConstraint: region as never}})}))
  } catch (error) {
    // Made by this account meanwhile (or by an earlier deploy that stopped half-way): settings follow.
    if ((error as Error).name !== 'BucketAlreadyOwnedByYou') {
      if ((error as Error).name === 'BucketAlreadyExists') {
        throw new UserError(`Parking bucket name '${name}' is taken by another account`, {suggestion: 'name another with --parking-bucket'})
      }
      throw error
    }
  }
  await s3.send(
    new PutPublicAccessBlockCommand({
      Bucket: name,
      PublicAccessBlockConfiguration: {BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true},
    }),
  )
  await s3.send(
    new PutBucketEncryptionCommand({
      Bucket: name,
      ServerSideEncryptionConfiguration: {Rules: [{ApplyServerSideEncryptionByDefault: {SSEAlgorithm: 'AES256'}, BucketKeyEnabled: false}]},
    }),
  )
  await putRetention(aws, name, retentionDays)
}

/** Writes deploy's lifecycle rule (other rules of the bucket are kept). */
export async function putRetention(aws: AwsClients, name: string, retentionDays: number): Promise<void> {
  const {GetBucketLifecycleConfigurationCommand, PutBucketLifecycleConfigurationCommand} = s3Sdk()
  const s3 = parkingS3(aws)
  let others: LifecycleRule[] = []
  try {
    const {Rules} = await s3.send(new GetBucketLifecycleConfigurationCommand({Bucket: name}))
    others = (Rules ?? []).filter((rule) => rule.ID !== LIFECYCLE_RULE_ID)
  } catch (error) {
    if ((error as Error).name !== 'NoSuchLifecycleConfiguration') throw error
  }
  await s3.send(
    new PutBucketLifecycleConfigurationCommand({
      Bucket: name,
      LifecycleConfiguration: {Rules: [...others, ...lifecycle(retentionDays).Rules]},
    }),
  )
}

export interface BucketContents {
  objects: number
  /** Records in parked objects (from their keys). */
  records: number
}

/** What the bucket holds: every object, and the parked records among them. */
export async function bucketContents(aws: AwsClients, name: string): Promise<BucketContents> {
  const {ListObjectsV2Command} = s3Sdk()
  const s3 = parkingS3(aws)
  const contents: BucketContents = {objects: 0, records: 0}
  let token: string | undefined
  do {
    const page = await s3.send(new ListObjectsV2Command({Bucket: name, ContinuationToken: token}))
    for (const object of page.Contents ?? []) {
      contents.objects++
      contents.records += (object.Key && parseParkedObjectKey(object.Key)?.count) || 0
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined
  } while (token)
  return contents
}

/** Deletes every object (all versions) and then the bucket. */
export async function deleteParkingBucket(aws: AwsClients, name: string): Promise<number> {
  const {DeleteBucketCommand, DeleteObjectsCommand, ListObjectVersionsCommand} = s3Sdk()
  const s3 = parkingS3(aws)
  let deleted = 0
  for (;;) {
    const page = await s3.send(new ListObjectVersionsCommand({Bucket: name, MaxKeys: 1000}))
    const objects = [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])].map((v) => ({Key: v.Key!, VersionId: v.VersionId ?? undefined}))
    if (objects.length === 0) break
    const out = await s3.send(new DeleteObjectsCommand({Bucket: name, Delete: {Objects: objects, Quiet: true}}))
    if (out.Errors?.length) throw new Error(`could not delete ${out.Errors.length} objects of bucket ${name}: ${out.Errors[0].Code} ${out.Errors[0].Message ?? ''}`)
    deleted += objects.length
  }
  await s3.send(new DeleteBucketCommand({Bucket: name}))
  return deleted
}
