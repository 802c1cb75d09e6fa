// The one place replay hands records to the runtime's own target code (the mapping's current
// destination, collapse, limits, role and region): the runtime's deliverToMapping.
import {deliverToMapping as runtimeDeliver} from '../../runtime/delivery/deliver-mapping.js'

export type DeliverFn = typeof runtimeDeliver

export const deliverToMapping: DeliverFn = (mapping, records, options) => runtimeDeliver(mapping, records, options)
