// iot target: IoT Data Publish to `endpoint#topic`, one payload per message of the mapping's
// collapse mode (runtime/collapse.ts), at most 128 KB each (runtime/limits.ts). The client talks
// to https://<endpoint> (or the endpoint as given when it has a scheme), in the mapping's region,
// else the one in the endpoint's host name, else the function's; with the mapping's role if any.
import {IoTDataPlaneClient, PublishCommand} from '@aws-sdk/client-iot-data-plane'
import {SERVICE_LIMITS} from '../limits.js'
import {effectiveCollapse, splitEndpoint, type Mapping} from '../mapping/schema.js'
import type {OutRecord} from '../records.js'
import {buildMessages, type Message} from '../collapse.js'
import {deliverWithRetry, isRetryableError, type AttemptOutcome} from '../delivery/retry.js'
import {functionRegion, targetClient} from '../aws/target-clients.js'
import type {DeliveryContext, DeliveryReport, SkippedRecord, Target, TargetFactory} from './target.js'

const limits = SERVICE_LIMITS.iot
/** Publish calls in flight at once when the mapping allows parallel delivery. */
const CONCURRENCY = 8

export interface IotDestination {
  endpoint: string
  topic: string
  hostRegion?: string
}

const IOT_HOST = /\.iot\.([a-z]{2,}(?:-[a-z]+)+-\d{1,2})\.amazonaws\.com(?:\.cn)?$/

export function parseIotDestination(destination: string): IotDestination {
  const parts = splitEndpoint(destination)
  if (!parts) throw new Error(`iot destination '${destination}' is not endpoint#topic`)
  const raw = parts.endpoint.replace(/\/+$/, '')
  const endpoint = /^https?:\/\//i.test(raw) ? raw : `https://${raw}`
  const match = IOT_HOST.exec(new URL(endpoint).hostname.toLowerCase())
  return {endpoint, topic: parts.rest, ...(match ? {hostRegion: match[1]} : {})}
}

function iotClient(mapping: Mapping, destination: IotDestination): IoTDataPlaneClient {
  const region = mapping.region ?? destination.hostRegion ?? functionRegion()
  return targetClient(IoTDataPlaneClient, {externalId: mapping.externalId, region, role: mapping.role}, 2, destination.endpoint)
}

const httpStatus = (error: unknown): number | undefined => (error as {$metadata?: {httpStatusCode?: number}}).$metadata?.httpStatusCode

export const createIotTarget: TargetFactory = (mapping): Target => {
  const destination = parseIotDestination(mapping.destination)
  const concurrency = mapping.parallel ? CONCURRENCY : 1
  return {
    async deliver(records: OutRecord[], context: DeliveryContext): Promise<DeliveryReport> {
      const client = iotClient(mapping, destination)
      const {messages, oversized} = buildMessages(records, effectiveCollapse(mapping), limits.maxEntryBytes, {appendNewlines: mapping.appendNewlines})
      const skipped: SkippedRecord[] = oversized.map((record) => ({
        reason: `record of ${record.data.length} bytes does not fit in an IoT payload of ${limits.maxEntryBytes} bytes`,
        record,
      }))
      let calls = 0
      let fatal: unknown
      const result = await deliverWithRetry(
        messages,
        async (pending) => {
          if (fatal !== undefined) throw fatal
          const outcome: AttemptOutcome<Message> = {reject: [], retry: []}
          let next = 0
          let stopped = false
          const publishOne = async (message: Message) => {
            calls++
            try {
              await client.send(new PublishCommand({payload: message.body, topic: destination.topic}), {abortSignal: context.signal as never})
            } catch (error) {
              if (httpStatus(error) === 413) outcome.reject.push({entry: message, reason: `IoT refused the payload as too large: ${(error as Error).message}`})
              else {
                if (!isRetryableError(error)) fatal ??= error
                outcome.retry.push(message)
                // Strict order: nothing after a failed message goes out before it.
                if (!mapping.parallel) stopped = true
              }
            }
          }
          const worker = async () => {
            while (next < pending.length && !stopped && fatal === undefined) await publishOne(pending[next++])
          }
          await Promise.all(Array.from({length: Math.min(concurrency, pending.length)}, worker))
          outcome.retry.push(...pending.slice(next))
          if (fatal !== undefined && outcome.retry.length === pending.length) throw fatal
          // Keep the original order for the next round.
          const order = new Map(pending.map((m, i) => [m, i]))
          outcome.retry.sort((a, b) => order.get(a)! - order.get(b)!)
          return outcome
        },
        {deadline: context.deadline, isRetryableError: (e) => fatal === undefined && isRetryableError(e), signal: context.signal},
      )
      if (fatal !== undefined) {
        context.log.error(`iot ${destination.endpoint} refused Publish to '${destination.topic}'`, {
          error: fatal instanceof Error ? `${fatal.name}: ${fatal.message}` : String(fatal),
          mapping: mapping.id,
        })
      }
      for (const {entry, reason} of result.rejected) for (const record of entry.records) skipped.push({reason, record})
      const failed = result.failed.flatMap((message) => message.records)
      const rejectedRecords = result.rejected.reduce((n, r) => n + r.entry.records.length, 0)
      return {
        calls,
        delivered: records.length - oversized.length - failed.length - rejectedRecords,
        failed,
        retried: result.retried,
        skipped,
      }
    },
  }
}
