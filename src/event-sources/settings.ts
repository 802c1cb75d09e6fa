// Event source mapping settings as hook takes them, and their request form.
import {parseArn} from '../../runtime/mapping/arn.js'
import {UserError} from '../errors.js'
import type {EventSourceMapping} from './find.js'

export const STARTING_POSITIONS = ['LATEST', 'TRIM_HORIZON', 'AT_TIMESTAMP'] as const
export type StartingPosition = (typeof STARTING_POSITIONS)[number]

export interface HookSettings {
  startingPosition?: StartingPosition
  startingPositionTimestamp?: Date
  batchSize?: number
  batchingWindowSeconds?: number
  parallelizationFactor?: number
  maximumRetryAttempts?: number
  maximumRecordAgeSeconds?: number
  bisectBatchOnError?: boolean
  onFailureDestination?: string
}

/** Checks the combinations Lambda would refuse later, with the flag to fix. */
export function validateHookSettings(settings: HookSettings, sourceArn?: string): void {
  if (settings.startingPosition === 'AT_TIMESTAMP' && sourceArn && parseArn(sourceArn)?.service === 'dynamodb') {
    throw new UserError('--starting-position AT_TIMESTAMP is for Kinesis sources only: a DynamoDB stream starts at LATEST or TRIM_HORIZON', {exitCode: 2})
  }
  if (settings.startingPosition === 'AT_TIMESTAMP' && !settings.startingPositionTimestamp) {
    throw new UserError('--starting-position AT_TIMESTAMP needs --starting-position-timestamp (ISO 8601 time or epoch seconds)')
  }
  if (settings.startingPositionTimestamp && settings.startingPosition !== 'AT_TIMESTAMP') {
    throw new UserError('--starting-position-timestamp goes with --starting-position AT_TIMESTAMP')
  }
  const age = settings.maximumRecordAgeSeconds
  if (age !== undefined && age !== -1 && (age < 60 || age > 604_800)) {
    throw new UserError(`Invalid --maximum-record-age ${age}: -1 (no limit) or 60 to 604800 seconds`)
  }
  const destination = settings.onFailureDestination
  if (destination !== undefined && !ON_FAILURE_SERVICES.has(parseArn(destination)?.service ?? '')) {
    throw new UserError(`Invalid --on-failure '${destination}': expected the ARN of an SQS queue, SNS topic or S3 bucket`)
  }
}

/** Where Lambda can send what a stream mapping gives up (and what deploy grants the role for it). */
const ON_FAILURE_SERVICES = new Set(['sqs', 'sns', 's3'])

/** "2026-01-01T00:00:00Z" or epoch seconds. */
export function parseTimestamp(value: string): Date {
  const date = /^\d+(\.\d+)?$/.test(value) ? new Date(Number(value) * 1000) : new Date(value)
  if (Number.isNaN(date.getTime())) throw new UserError(`Invalid --starting-position-timestamp '${value}': expected an ISO 8601 time or epoch seconds`)
  return date
}

/** The tunable fields (everything except the starting position, which Lambda cannot change later). */
export function tunableRequest(settings: HookSettings) {
  return {
    ...(settings.batchSize === undefined ? {} : {BatchSize: settings.batchSize}),
    ...(settings.batchingWindowSeconds === undefined ? {} : {MaximumBatchingWindowInSeconds: settings.batchingWindowSeconds}),
    ...(settings.parallelizationFactor === undefined ? {} : {ParallelizationFactor: settings.parallelizationFactor}),
    ...(settings.maximumRetryAttempts === undefined ? {} : {MaximumRetryAttempts: settings.maximumRetryAttempts}),
    ...(settings.maximumRecordAgeSeconds === undefined ? {} : {MaximumRecordAgeInSeconds: settings.maximumRecordAgeSeconds}),
    ...(settings.bisectBatchOnError === undefined ? {} : {BisectBatchOnFunctionError: settings.bisectBatchOnError}),
    ...(settings.onFailureDestination === undefined ? {} : {DestinationConfig: {OnFailure: {Destination: settings.onFailureDestination}}}),
    // Always on: the function reports the earliest record some target did not get.
    FunctionResponseTypes: ['ReportBatchItemFailures' as const],
  }
}

/** Fields of `settings` that differ from the existing mapping (what --update would change). */
export function settingsDifferences(existing: EventSourceMapping, settings: HookSettings): string[] {
  const request = tunableRequest(settings) as Record<string, unknown>
  const current: Record<string, unknown> = {
    BatchSize: existing.BatchSize,
    BisectBatchOnFunctionError: existing.BisectBatchOnFunctionError,
    DestinationConfig: existing.DestinationConfig?.OnFailure?.Destination ? {OnFailure: {Destination: existing.DestinationConfig.OnFailure.Destination}} : undefined,
    FunctionResponseTypes: existing.FunctionResponseTypes,
    MaximumBatchingWindowInSeconds: existing.MaximumBatchingWindowInSeconds,
    MaximumRecordAgeInSeconds: existing.MaximumRecordAgeInSeconds,
    MaximumRetryAttempts: existing.MaximumRetryAttempts,
    ParallelizationFactor: existing.ParallelizationFactor,
  }
  return Object.keys(request).filter((key) => JSON.stringify(request[key]) !== JSON.stringify(current[key]))
}
