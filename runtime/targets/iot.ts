// iot target: IoT Data Publish to `endpoint#topic`, one payload per message of the mapping's
// collapse mode (runtime/collapse.ts), at most 128 KB each (runtime/limits.ts). The client talks
// to https://<endpoint> (or the endpoint as given when it has a scheme), in the mapping's region,
// else the one in the endpoint's host name, else the function's; with the mapping's role if any.
import {IoTDataPlaneClient, PublishCommand, type PublishCommandOutput} from '@aws-sdk/client-iot-data-plane'
import {sendAbortable} from '../aws/client-factory.js'
import {SERVICE_LIMITS, type TargetLimits} from '../limits.js'
import {effectiveCollapse, splitEndpoint, type Mapping} from '../mapping/schema.js'
import type {OutRecord} from '../records.js'
import {buildMessages} from '../collapse.js'
import {functionRegion, targetClient} from '../aws/target-clients.js'
import {ACKNOWLEDGED, retry, type Entry, type EntryOutcome, type Shaped, type TargetDriver} from './target.js'

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

interface IotEntry extends Entry {
  body: Buffer
}

/** Pure: one payload per message of the mapping's collapse mode; a record too large alone is refused. */
export function shapeIot(records: OutRecord[], mapping: Pick<Mapping, 'collapse' | 'appendNewlines'>, limits: TargetLimits = SERVICE_LIMITS.iot): Shaped<IotEntry> {
  const {messages, oversized} = buildMessages(records, effectiveCollapse(mapping), limits.maxEntryBytes, {appendNewlines: mapping.appendNewlines})
  return {
    entries: messages.map((message) => ({body: message.body, records: message.records, size: message.body.length})),
    refused: oversized.map((record) => ({reason: `record of ${record.data.length} bytes does not fit in an IoT payload of ${limits.maxEntryBytes} bytes`, record})),
  }
}

export function createIotDriver(mapping: Mapping): TargetDriver<IotEntry> {
  const destination = parseIotDestination(mapping.destination)
  return {
    label: `${destination.endpoint}#${destination.topic}`,
    limits: () => SERVICE_LIMITS.iot,
    preview: (batch) => batch.map((entry) => ({fields: {topic: destination.topic}, payload: entry.body, records: entry.records})),
    async send(batch, signal) {
      const client = iotClient(mapping, destination)
      // One payload per call (limits.ts: maxEntriesPerCall 1); the loop runs calls concurrently.
      return Promise.all(
        batch.map(async (entry): Promise<EntryOutcome> => {
          try {
            const out = await sendAbortable<PublishCommandOutput>(client, new PublishCommand({payload: entry.body, topic: destination.topic}), signal)
            const status = out.$metadata?.httpStatusCode
            return status === undefined || (status >= 200 && status < 300) ? ACKNOWLEDGED : retry(`Publish answered ${status}`)
          } catch (error) {
            if (httpStatus(error) === 413) return {kind: 'rejected', reason: `IoT refused the payload as too large: ${(error as Error).message}`}
            throw error
          }
        }),
      )
    },
    shape: (records, limits) => shapeIot(records, mapping, limits),
  }
}
