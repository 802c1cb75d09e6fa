// The parked objects of a bucket, from its listing alone: the key names source, mapping, time and
// record count (object-key.ts), so `parked` counts without reading a single object.
import type {S3Client} from '@aws-sdk/client-s3'
import {UserError} from '../errors.js'
import {parkedPrefix, parseParkedObjectKey, type ParkedObjectKeyParts} from '../../runtime/parking/object-key.js'
import {s3Sdk} from './s3-client.js'

export interface ParkedObject extends ParkedObjectKeyParts {
  key: string
  bytes: number
}

export interface ParkedSelection {
  sourceArn?: string
  mappingId?: string
  /** Objects parked at or after this time. */
  since?: Date
  /** Objects parked before this time. */
  until?: Date
}

/** Oldest first (parking time, then key: source order within a shard). */
export const oldestFirst = (a: ParkedObject, b: ParkedObject): number => a.parkedAt.getTime() - b.parkedAt.getTime() || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)

export async function listParkedObjects(s3: S3Client, bucket: string, selection: ParkedSelection = {}): Promise<ParkedObject[]> {
  const {ListObjectsV2Command} = s3Sdk()
  const Prefix = parkedPrefix(selection.sourceArn, selection.sourceArn === undefined ? undefined : selection.mappingId)
  const objects: ParkedObject[] = []
  let token: string | undefined
  try {
    do {
      const page = await s3.send(new ListObjectsV2Command({Bucket: bucket, ContinuationToken: token, Prefix}))
      for (const item of page.Contents ?? []) {
        const parts = item.Key ? parseParkedObjectKey(item.Key) : undefined
        if (!parts) continue
        if (selection.mappingId !== undefined && parts.mappingId !== selection.mappingId) continue
        if (selection.since && parts.parkedAt < selection.since) continue
        if (selection.until && parts.parkedAt >= selection.until) continue
        objects.push({...parts, bytes: item.Size ?? 0, key: item.Key!})
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined
    } while (token)
  } catch (error) {
    if ((error as Error).name === 'NoSuchBucket') {
      throw new ParkingBucketNotFoundError(bucket)
    }
    throw error
  }
  return objects.sort(oldestFirst)
}

/** The parking bucket does not exist (parking off, or never deployed). */
export class ParkingBucketNotFoundError extends UserError {
  constructor(bucket: string) {
    super(`Parking bucket '${bucket}' not found`, {suggestion: 'deploy creates it; name another with --parking-bucket or --function'})
  }
}

export interface ParkedSummary {
  sourceArn: string
  id: string
  records: number
  objects: number
  bytes: number
  oldest: string
  newest: string
}

/** One row per mapping (source, then id), in the `parked --json` shape. */
export function summarizeParked(objects: ParkedObject[]): ParkedSummary[] {
  const rows = new Map<string, ParkedSummary>()
  for (const object of objects) {
    const key = `${object.sourceArn}\n${object.mappingId}`
    const at = object.parkedAt.toISOString()
    const row = rows.get(key)
    if (!row) {
      rows.set(key, {bytes: object.bytes, id: object.mappingId, newest: at, objects: 1, oldest: at, records: object.count, sourceArn: object.sourceArn})
      continue
    }
    row.bytes += object.bytes
    row.objects++
    row.records += object.count
    if (at < row.oldest) row.oldest = at
    if (at > row.newest) row.newest = at
  }
  return [...rows.values()].sort((a, b) => a.sourceArn.localeCompare(b.sourceArn) || a.id.localeCompare(b.id))
}

/**
 * Why records were parked: the `reason` each object carries in its metadata (HeadObject, the newest
 * `limit` objects of each mapping), counted in records.
 */
export async function parkReasons(s3: S3Client, bucket: string, objects: ParkedObject[], limit = 20): Promise<Map<string, {reasons: Record<string, number>; sampled: number}>> {
  const {HeadObjectCommand} = s3Sdk()
  const byMapping = new Map<string, ParkedObject[]>()
  for (const object of objects) {
    const key = `${object.sourceArn}\n${object.mappingId}`
    byMapping.set(key, [...(byMapping.get(key) ?? []), object])
  }
  const result = new Map<string, {reasons: Record<string, number>; sampled: number}>()
  await Promise.all(
    [...byMapping].map(async ([key, list]) => {
      const reasons: Record<string, number> = {}
      const sample = list.slice(-limit)
      await Promise.all(
        sample.map(async (object) => {
          const head = await s3.send(new HeadObjectCommand({Bucket: bucket, Key: object.key})).catch(() => undefined)
          const reason = head?.Metadata?.reason ?? 'unknown'
          reasons[reason] = (reasons[reason] ?? 0) + object.count
        }),
      )
      result.set(key, {reasons, sampled: sample.length})
    }),
  )
  return result
}

/** Deletes these objects (1,000 per call); returns how many went. */
export async function deleteParkedObjects(s3: S3Client, bucket: string, objects: Pick<ParkedObject, 'key'>[]): Promise<number> {
  const {DeleteObjectsCommand} = s3Sdk()
  let deleted = 0
  for (let start = 0; start < objects.length; start += 1000) {
    const chunk = objects.slice(start, start + 1000)
    const out = await s3.send(new DeleteObjectsCommand({Bucket: bucket, Delete: {Objects: chunk.map((o) => ({Key: o.key})), Quiet: true}}))
    if (out.Errors?.length) {
      const first = out.Errors[0]
      throw new UserError(`Could not delete ${out.Errors.length} parked objects of bucket '${bucket}' (${first.Code}: ${first.Message ?? ''}); ${deleted + chunk.length - out.Errors.length} deleted`)
    }
    deleted += chunk.length
  }
  return deleted
}
