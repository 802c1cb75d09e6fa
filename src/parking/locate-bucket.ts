// Which bucket `parked` and `replay` read (docs/deploy.md, parking): --parking-bucket NAME, else the function's
// FANOUT_PARKING_BUCKET (of --function), else the default name deploy would give it.
import type {FunctionConfiguration} from '@aws-sdk/client-lambda'
import type {AwsClients} from '../aws/clients.js'
import {UsageError} from '../errors.js'
import {getCallerContext} from '../deploy/caller.js'
import {PARKING_BUCKET_VARIABLE, readFunction} from '../deploy/function.js'
import {bucketNameProblem, defaultParkingBucketName} from './bucket-name.js'

export interface LocatedBucket {
  bucket: string
  /** How it was found, for messages: "--parking-bucket", "FANOUT_PARKING_BUCKET of function X", "the default name". */
  from: string
}

/** `current`: the function's configuration when the caller already read it (null: it does not exist). */
export async function locateParkingBucket(
  aws: AwsClients,
  options: {functionName: string; bucket?: string; current?: FunctionConfiguration | null},
): Promise<LocatedBucket> {
  if (options.bucket) {
    const problem = bucketNameProblem(options.bucket)
    if (problem) throw new UsageError(`Invalid --parking-bucket '${options.bucket}': ${problem}`)
    return {bucket: options.bucket, from: '--parking-bucket'}
  }
  const current = options.current === undefined ? await readFunction(aws, options.functionName) : (options.current ?? undefined)
  const variable = current?.Environment?.Variables?.[PARKING_BUCKET_VARIABLE]
  if (variable) return {bucket: variable, from: `${PARKING_BUCKET_VARIABLE} of function ${options.functionName}`}
  const ctx = await getCallerContext(aws)
  const reason = current ? `function ${options.functionName} has no ${PARKING_BUCKET_VARIABLE}` : `function ${options.functionName} not found`
  return {bucket: defaultParkingBucketName(options.functionName, ctx.account, ctx.region), from: `the default name (${reason})`}
}
