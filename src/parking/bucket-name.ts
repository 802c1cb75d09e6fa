// The parking bucket's default name (docs/deploy.md, parking): `<function in lower case>-parked-<account>-<region>`,
// shortened with a hash when over S3's 63 characters. Bucket names allow only lower-case letters,
// digits, hyphens and dots, so other characters of a function name (`_`) become hyphens.
import {createHash} from 'node:crypto'

const MAX = 63

export function defaultParkingBucketName(functionName: string, account: string, region: string): string {
  const base = functionName.toLowerCase().replace(/[^a-z0-9-]/g, '-').replace(/^-+|-+$/g, '') || 'fanout'
  const suffix = `-parked-${account}-${region}`
  const full = `${base}${suffix}`
  if (full.length <= MAX) return full
  const hash = createHash('sha256').update(`${functionName}\n${account}\n${region}`).digest('hex').slice(0, 8)
  const room = MAX - suffix.length - hash.length - 1
  if (room >= 1) return `${base.slice(0, room).replace(/-+$/, '')}-${hash}${suffix}`
  return `${hash}${suffix}`.slice(0, MAX).replace(/-+$/, '')
}

/** Why `name` cannot be an S3 bucket name, or undefined when it can. */
export function bucketNameProblem(name: string): string | undefined {
  if (name.length < 3 || name.length > MAX) return `a bucket name is 3 to ${MAX} characters, '${name}' has ${name.length}`
  if (!/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(name)) return `a bucket name holds only lower-case letters, digits, hyphens and dots, and starts and ends with a letter or digit`
  if (/\.\.|^\d+\.\d+\.\d+\.\d+$/.test(name)) return 'a bucket name has no two dots in a row and is not an IP address'
  return undefined
}
