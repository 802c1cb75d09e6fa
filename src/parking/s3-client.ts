// The S3 client of the CLI's parking commands and of deploy/destroy: the command's AwsClients (region,
// profile, --endpoint-url), with path-style addressing whenever an endpoint is configured (moto,
// LocalStack, VPC endpoints: no bucket subdomains there) and region redirects followed, as the
// function's park store does.
import type {S3Client, S3ClientConfig} from '@aws-sdk/client-s3'
import type {AwsClients} from '../aws/clients.js'
import {requireSdk} from '../aws/sdk.js'
import {s3ClientSettings} from '../../runtime/parking/s3-park-store.js'

export type S3Module = typeof import('@aws-sdk/client-s3')

export const s3Sdk = (): S3Module => requireSdk<S3Module>('@aws-sdk/client-s3')

const classes = new Map<string, new (config: S3ClientConfig) => S3Client>()

export function parkingS3(aws: AwsClients): S3Client {
  const {S3Client} = s3Sdk()
  const settings = s3ClientSettings({endpoint: aws.settings.endpointUrl})
  const key = JSON.stringify(settings)
  // A subclass, so that AwsClients builds it like any client (credentials, handler) and caches it apart.
  let Client = classes.get(key)
  if (!Client) {
    Client = class extends S3Client {
      constructor(config: S3ClientConfig) {
        super({...config, ...settings})
      }
    }
    classes.set(key, Client)
  }
  return aws.get(Client)
}

/** S3's "no such bucket" in its various spellings (HeadBucket answers a bare 404). */
export const isNoSuchBucket = (error: unknown): boolean =>
  ['NoSuchBucket', 'NotFound'].includes((error as Error)?.name) || (error as {$metadata?: {httpStatusCode?: number}})?.$metadata?.httpStatusCode === 404
