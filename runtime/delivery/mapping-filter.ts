// A mapping's filter as the function applies it: compiled once per mapping object (the store keeps
// its objects for the configuration's TTL, so once per configuration load), absent without a
// filter (then no record is parsed for it). `tail --target` applies the same.
import {compileMappingRouting, type MappingRouting} from '../filter/record-filter.js'
import type {Mapping} from '../mapping/schema.js'

const compiled = new WeakMap<Mapping, Pick<MappingRouting, 'accepts'>>()

/**
 * The mapping's filter, or undefined without one. Throws (PatternError) for an invalid pattern. A
 * record the matcher cannot read (it throws) is let through: sent rather than lost.
 */
export function mappingFilter(mapping: Mapping): Pick<MappingRouting, 'accepts'> | undefined {
  if (mapping.filter === undefined) return undefined
  let routing = compiled.get(mapping)
  if (!routing) {
    const {accepts} = compileMappingRouting({convertDDB: mapping.convertDDB, filter: mapping.filter})
    routing = {
      accepts(record) {
        try {
          return accepts(record)
        } catch {
          return true
        }
      },
    }
    compiled.set(mapping, routing)
  }
  return routing
}
