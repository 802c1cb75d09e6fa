// The S3 client of the CLI's parking commands and of deploy/destroy: the command's AwsClients (region,
// profile, --endpoint-url), with path-style addressing whenever an endpoint is configured (moto,
// LocalStack, VPC endpoints: no bucket subdomains there), as the function's park store does.
import type {S3Client, S3ClientConfig} from '@aws-sdk/client-s3'
import type {AwsClients} from '../aws/clients.js'
import {requireSdk} from '../aws/sdk.js'
import {s3EndpointOf} from '../../runtime/parking/s3-park-store.js'

export type S3Module = typeof import('@aws-sdk/client-s3')

export const s3Sdk = (): S3Module => requireSdk<S3Module>('@aws-sdk/client-s3')

let PathStyleS3Client: (new (config: S3ClientConfig) => S3Client) | undefined

export function parkingS3(aws: AwsClients): S3Client {
  const {S3Client} = s3Sdk()
  if (!s3EndpointOf({endpoint: aws.settings.endpointUrl})) return aws.get(S3Client)
  // A subclass, so that AwsClients builds it like any client (credentials, handler) and caches it apart.
  PathStyleS3Client ??= class extends S3Client {
    constructor(config: S3ClientConfig) {
      super({...config, forcePathStyle: true})
    }
  }
  return aws.get(PathStyleS3Client)
}

/** S3's "no such bucket" in its various spellings (HeadBucket answers a bare 404). */
export const isNoSuchBucket = (error: unknown): boolean =>
  ['NoSuchBucket', 'NotFound'].includes((error as Error)?.name) || (error as {$metadata?: {httpStatusCode?: number}})?.$metadata?.httpStatusCode === 404
