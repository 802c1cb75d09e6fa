import {Flags} from '@oclif/core'
import {BaseCommand} from '../base-command.js'
import {sourceFlags} from '../cli/flags.js'
import {CancelledError, UsageError, UserError} from '../errors.js'
import {sourceSelection} from '../mappings/command-support.js'
import {sourceArnOf} from '../mappings/source-arn.js'
import {hasSourceSelection} from '../source-lookup/resolve-source.js'
import {Progress} from '../ui/progress.js'
import type {ParkedObject, ParkedSummary} from '../parking/listing.js'
import {counted} from '../parking/render.js'
import type {ParkedJson} from '../results.js'

export default class Parked extends BaseCommand<typeof Parked> {
  static override description = `Show what the function parked: per mapping, the parked records, objects, bytes, oldest and newest, and why they were parked.

Counts come from the bucket listing (the record count is in each object's key). The bucket is --parking-bucket, else the FANOUT_PARKING_BUCKET of --function, else deploy's default name. --purge --id ID deletes a mapping's parked records (confirmation, or --yes).`

  static override enableJsonFlag = true

  static override examples = [
    '<%= config.bin %> parked',
    '<%= config.bin %> parked --source-type kinesis --source orders --json',
    '<%= config.bin %> parked --purge --id to-audit --yes',
  ]

  static override flags = {
    ...sourceFlags,
    id: Flags.string({description: 'Only this mapping id.'}),
    'parking-bucket': Flags.string({description: 'The parking bucket (default: the FANOUT_PARKING_BUCKET of --function, else <function>-parked-<account>-<region>).'}),
    purge: Flags.boolean({description: 'Delete the parked records of the mapping named by --id (they are not delivered).'}),
  }

  async run(): Promise<ParkedJson> {
    const {flags} = this
    // At a terminal, --purge without --id asks which mapping, from the listing.
    if (flags.purge && !this.interactive) this.requireValues(flags.id ? [] : [{flag: '--id', what: 'the mapping whose parked records --purge deletes'}])
    const [{locateParkingBucket}, {listParkedObjects, parkReasons, summarizeParked}, {parkingS3}] = await Promise.all([
      import('../parking/locate-bucket.js'),
      import('../parking/listing.js'),
      import('../parking/s3-client.js'),
    ])
    const selection = sourceSelection(flags)
    const sourceArn = hasSourceSelection(selection) ? await sourceArnOf(selection, this.aws) : undefined
    const progress = new Progress({quiet: this.jsonEnabled()})
    const {bucket} = await locateParkingBucket(this.aws, {bucket: flags['parking-bucket'], functionName: this.functionName})
    const s3 = parkingS3(this.aws)
    const objects = await progress.spin(`Listing parked records in ${bucket}`, () => listParkedObjects(s3, bucket, {mappingId: flags.id, sourceArn}))
    const rows = summarizeParked(objects)
    if (flags.purge && !flags.id && rows.length > 0) {
      const {askParkedMapping} = await import('../parking/choose.js')
      const chosen = await askParkedMapping(rows, 'Purge the parked records of which mapping? (type to search)')
      const chosenObjects = objects.filter((o) => o.sourceArn === chosen.sourceArn && o.mappingId === chosen.id)
      return this.purge(bucket, chosenObjects, rows.filter((r) => r.sourceArn === chosen.sourceArn && r.id === chosen.id), chosen.id)
    }
    if (flags.purge) return this.purge(bucket, objects, rows, flags.id)
    if (rows.length === 0) {
      const what = flags.id ? ` for mapping '${flags.id}'` : ''
      this.log(`No parked records${what}${sourceArn ? ` of ${sourceArn}` : ''} in bucket ${bucket}.`)
      return []
    }
    if (!this.jsonEnabled()) {
      const {renderParked} = await import('../parking/render.js')
      const reasons = await progress.spin('Reading why records were parked', () => parkReasons(s3, bucket, objects))
      this.log(renderParked(rows, reasons, bucket))
    }
    return rows
  }

  private async purge(bucket: string, objects: ParkedObject[], rows: ParkedSummary[], id: string | undefined) {
    if (rows.length === 0) {
      this.log(`No parked records${id ? ` for mapping '${id}'` : ''} in bucket ${bucket}: nothing to purge.`)
      return {id: id ?? '', objects: 0, purged: 0}
    }
    if (rows.length > 1) {
      throw new UsageError(`Mapping id '${id}' has parked records for several sources (${rows.map((r) => r.sourceArn).join(', ')}): give --source-arn`)
    }
    const [row] = rows
    if (!this.flags.yes) {
      if (!this.interactive) throw new UserError(`Refusing to delete ${counted(row.records, 'parked record')} of mapping '${id}' without confirmation: pass --yes (nothing was changed)`)
      if (!(await this.confirm(`Delete ${counted(row.records, 'parked record')} (${counted(row.objects, 'object')}) of mapping '${id}' of ${row.sourceArn}? They will not be delivered.`, false))) {
        throw new CancelledError()
      }
    }
    const [{deleteParkedObjects}, {parkingS3}] = await Promise.all([import('../parking/listing.js'), import('../parking/s3-client.js')])
    const progress = new Progress({quiet: this.jsonEnabled()})
    await progress.step(`Deleting ${counted(row.objects, 'parked object')}`, () => deleteParkedObjects(parkingS3(this.aws), bucket, objects))
    this.log(`Purged ${counted(row.records, 'parked record')} (${counted(row.objects, 'object')}) of mapping '${id}' of ${row.sourceArn}.`)
    return {id: row.id, objects: row.objects, purged: row.records, sourceArn: row.sourceArn}
  }
}
