// Delivery contexts for target unit tests.
import {parseMappingItem, type Mapping} from '../../runtime/mapping/schema.js'
import type {DeliveryContext, Target, TargetDriver} from '../../runtime/targets/target.js'
import {runDriver} from '../../runtime/delivery/deliver-mapping.js'
import {memoryLogger} from './log.js'
import {SOURCE_ARN} from './records.js'

export function testMapping(type: string, destination: string, extra: Record<string, unknown> = {}): Mapping {
  const parsed = parseMappingItem({active: true, destination, id: `m-${type}`, sourceArn: SOURCE_ARN, type, ...extra})
  if (!parsed.ok) throw new Error(parsed.reason)
  return parsed.mapping
}

export function deliveryContext(mapping: Mapping, deadlineMs = 2_000): DeliveryContext & {log: ReturnType<typeof memoryLogger>} {
  return {deadline: Date.now() + deadlineMs, log: memoryLogger(), mapping}
}

/** A target (deliver) made of a driver factory, as the registry makes it. */
export function targetOf(factory: (mapping: Mapping) => TargetDriver): (mapping: Mapping) => Target {
  return (mapping) => {
    const driver = factory(mapping)
    return {deliver: (records, context) => runDriver(driver, records, context)}
  }
}
