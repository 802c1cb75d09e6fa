// The one place replay hands records to the runtime's own target code (the mapping's current
// destination, collapse, limits, role and region). When runtime/delivery/deliver-mapping.ts lands,
// this becomes `return deliverToMapping(mapping, records, options)`.
import type {Logger} from '../../runtime/log.js'
import type {Mapping} from '../../runtime/mapping/schema.js'
import type {OutRecord} from '../../runtime/records.js'
import {createTargetRegistry} from '../../runtime/targets/registry.js'
import type {DeliveryReport} from '../../runtime/targets/target.js'

export type DeliverFn = (mapping: Mapping, records: OutRecord[], options: {deadline: number; signal?: AbortSignal; log: Logger}) => Promise<DeliveryReport>

const registry = createTargetRegistry()

export const deliverToMapping: DeliverFn = (mapping, records, options) => registry.targetFor(mapping).deliver(records, {...options, mapping})
