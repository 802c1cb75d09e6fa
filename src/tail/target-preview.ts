// `tail --target ID`: what the fan-out would send to one mapping for the records read, without
// sending anything. Records go through the runtime's own code: source decoding with the mapping's
// deaggregate/convertDDB, then the mapping's filter and the target's own pure shape step and
// packing (shapePreview), so the preview is what the function does by construction, not a
// re-implementation of it.
import {readEvent} from '../../runtime/input/event.js'
import {buildOutRecords} from '../../runtime/input/out-records.js'
import {unreadableRecord} from '../../runtime/input/unreadable.js'
import {shapePreview} from '../../runtime/delivery/deliver-mapping.js'
import type {Mapping} from '../../runtime/mapping/schema.js'
import type {OutRecord} from '../../runtime/records.js'
import type {PreviewMessage} from '../../runtime/targets/target.js'
import type {ShardRecord} from './shard-source.js'

export type {PreviewMessage}

export interface PreviewSkip {
  record: OutRecord
  reason: string
}

export interface Preview {
  /** Records the mapping's filter does not match: the function does not send them to it. */
  filtered?: OutRecord[]
  messages: PreviewMessage[]
  /** Records the target can never accept (the function parks them, or logs and skips them). */
  skipped: PreviewSkip[]
}

/** What one mapping's target would receive for these records (its filter applied). */
export async function previewRecords(mapping: Mapping, records: OutRecord[]): Promise<Preview> {
  return shapePreview(mapping, records)
}

/** Decodes a batch as the mapping asks (deaggregate, convertDDB), then previews it. */
export async function previewBatch(mapping: Mapping, batch: ShardRecord[]): Promise<Preview> {
  const {records: sources} = readEvent({Records: batch.map((record) => record.event)})
  const built = await buildOutRecords(sources, {convertDDB: mapping.convertDDB, deaggregate: mapping.deaggregate})
  const preview = await previewRecords(mapping, built.records)
  for (const skip of built.skipped) preview.skipped.push({reason: skip.reason, record: unreadableRecord(skip.source)})
  return preview
}
