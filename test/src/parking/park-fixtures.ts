// Parked objects for the parking tests, written by the function's own park store (the real writer),
// so the format is tested end to end: keys, gzip JSON lines, metadata.
import {S3Client} from '@aws-sdk/client-s3'
import {createClient} from '../../../runtime/aws/client-factory.js'
import {parseMappingItem, type Mapping} from '../../../runtime/mapping/schema.js'
import {createS3ParkStore} from '../../../runtime/parking/s3-park-store.js'
import type {ParkReason} from '../../../runtime/parking/parked-line.js'
import {readEvent} from '../../../runtime/input/event.js'
import {buildOutRecords} from '../../../runtime/input/out-records.js'
import {TEST_AWS_ENV} from '../../helpers/emulators.js'
import {kinesisEvent} from '../../helpers/events.js'
import {MOTO_ENDPOINT} from '../../helpers/services.js'

export const motoConfig = {
  credentials: {accessKeyId: TEST_AWS_ENV.AWS_ACCESS_KEY_ID, secretAccessKey: TEST_AWS_ENV.AWS_SECRET_ACCESS_KEY},
  endpoint: MOTO_ENDPOINT,
  region: TEST_AWS_ENV.AWS_REGION,
}

export const motoS3 = (): S3Client => createClient(S3Client, {...motoConfig, extra: {forcePathStyle: true}})

export function mappingOf(row: Record<string, unknown>): Mapping {
  const parsed = parseMappingItem({active: true, ...row})
  if (!parsed.ok) throw new Error(parsed.reason)
  return parsed.mapping
}

export interface ParkInput {
  mapping: Mapping
  /** The records' bytes, in source order. */
  datas: Array<string | Buffer>
  parkedAt: Date
  /** Sequence number of the first record (records of one test never overlap). */
  firstN: number
  reason?: ParkReason
}

/** Parks one object as the function would; returns its key. */
export async function park(s3: S3Client, bucket: string, input: ParkInput): Promise<string> {
  const event = kinesisEvent(input.mapping.sourceArn, input.datas, input.firstN)
  const {records} = await buildOutRecords(readEvent(event).records, {convertDDB: false, deaggregate: false})
  const {key} = await createS3ParkStore(bucket, {client: s3}).park({
    error: 'AccessDeniedException: not authorized to perform sqs:SendMessage',
    mapping: input.mapping,
    parkedAt: input.parkedAt,
    reason: input.reason ?? 'refused',
    records,
  })
  return key
}
