// replay: sends a mapping's parked records again, oldest object first, through the runtime's target
// code, and deletes each object once every record in it was delivered, so an interrupted replay
// resumes where it stopped. It stops at the first object that cannot be delivered.
import type {S3Client} from '@aws-sdk/client-s3'
import type {Logger} from '../../runtime/log.js'
import type {Mapping} from '../../runtime/mapping/schema.js'
import {recordFromLine} from '../../runtime/parking/parked-line.js'
import {decodeParkedObject} from '../../runtime/parking/s3-park-store.js'
import type {DeliverFn} from './deliver.js'
import {deleteParkedObjects, listParkedObjects, type ParkedObject, type ParkedSelection} from './listing.js'
import {s3Sdk} from './s3-client.js'

/** Time one object's delivery may take (the SDK's read timeout is 60 s too). */
export const OBJECT_DEADLINE_MS = 60_000

export interface ReplayOptions {
  s3: S3Client
  bucket: string
  /** The source and mapping whose parked records are replayed (since/until narrow them). */
  selection: ParkedSelection & {sourceArn: string; mappingId: string}
  /** The mapping delivered into: the parked one, or --to another of the same source. */
  target: Mapping
  deliver: DeliverFn
  log: Logger
  dryRun?: boolean
  signal?: AbortSignal
  /** After each object: records delivered so far, of how many selected. */
  onProgress?: (progress: {replayed: number; objects: number; records: number; totalObjects: number}) => void
  deadlineMs?: number
  /** The selection's objects when already listed (oldest first); listed here otherwise. */
  objects?: ParkedObject[]
}

export interface ReplayResult {
  /** Records delivered. */
  replayed: number
  /** Objects deleted. */
  objects: number
  /** Records still parked among those selected. */
  remaining: number
  /** What was selected. */
  selected: {records: number; objects: number}
  /** The object replay stopped at, and why. */
  stopped?: {key: string; reason: string}
  /** --dry-run: the objects that would be sent, oldest first. */
  planned?: ParkedObject[]
}

async function readObject(s3: S3Client, bucket: string, key: string, signal?: AbortSignal) {
  const {GetObjectCommand} = s3Sdk()
  const out = await s3.send(new GetObjectCommand({Bucket: bucket, Key: key}), {abortSignal: signal})
  return decodeParkedObject(await out.Body!.transformToByteArray())
}

/** Why an object was not wholly delivered, in one line. */
function shortfall(report: Awaited<ReturnType<DeliverFn>>, count: number, lastError?: string): string {
  if (report.skipped.length) return `${report.skipped.length} of ${count} records refused for good: ${report.skipped[0].reason}`
  if (report.refused.length) return `${report.refused.length} of ${count} records refused: ${report.refused[0].reason}`
  const missing = count - report.delivered
  return `${missing} of ${count} records not delivered${lastError ? ` (${lastError})` : ''}`
}

export async function replayParked(options: ReplayOptions): Promise<ReplayResult> {
  const {s3, bucket, selection, target} = options
  const objects = options.objects ?? (await listParkedObjects(s3, bucket, selection))
  const records = objects.reduce((sum, o) => sum + o.count, 0)
  const result: ReplayResult = {objects: 0, remaining: records, replayed: 0, selected: {objects: objects.length, records}}
  if (options.dryRun) return {...result, planned: objects}
  let lastError: string | undefined
  const log: Logger = {
    ...options.log,
    error(message, fields) {
      lastError = typeof fields?.error === 'string' ? fields.error : message
      options.log.error(message, fields)
    },
    warn(message, fields) {
      lastError = typeof fields?.error === 'string' ? fields.error : message
      options.log.warn(message, fields)
    },
  }
  for (const object of objects) {
    if (options.signal?.aborted) {
      result.stopped = {key: object.key, reason: 'interrupted'}
      break
    }
    try {
      const lines = await readObject(s3, bucket, object.key, options.signal)
      const batch = lines.map((line, index) => recordFromLine(line, index))
      lastError = undefined
      const report = await options.deliver(target, batch, {deadline: Date.now() + (options.deadlineMs ?? OBJECT_DEADLINE_MS), log, signal: options.signal})
      if (report.delivered < batch.length || report.failed.length || report.skipped.length) {
        result.stopped = {key: object.key, reason: options.signal?.aborted ? 'interrupted' : shortfall(report, batch.length, lastError)}
        break
      }
      await deleteParkedObjects(s3, bucket, [object])
    } catch (error) {
      result.stopped = {key: object.key, reason: options.signal?.aborted ? 'interrupted' : ((error as Error).message ?? String(error)).split('\n')[0]}
      break
    }
    result.objects++
    result.replayed += object.count
    result.remaining -= object.count
    options.onProgress?.({objects: result.objects, records, replayed: result.replayed, totalObjects: objects.length})
  }
  return result
}
