// A mapping's routing: its filter and key templates, compiled once per configuration load. The match
// document of a record is built only when a filter or template needs it, its `data` parsed only when
// one of them names `data`, and cached on the OutRecord so the filter and both templates of every
// mapping that shares the record build it once.
import type {Mapping} from '../mapping/schema.js'
import type {OutRecord} from '../records.js'
import {compilePattern} from './event-pattern.js'
import {compileTemplate, type KeyTemplate} from './key-template.js'
import {addData, matchDocument} from './match-document.js'

export interface MappingRouting {
  /** The record matches the mapping's filter (always true without one). */
  accepts(record: OutRecord): boolean
  /** kinesis: the partition key from the template; undefined: keep the record's key. Absent without a template. */
  partitionKey?(record: OutRecord): string | undefined
  /** FIFO sqs/sns: the message group id from the template; undefined: the default. Absent without a template. */
  messageGroupId?(record: OutRecord): string | undefined
}

interface CachedDocument {
  document: Record<string, unknown>
  convertDDB: boolean
  /** `data` has been looked for (parsed, or found not to be JSON). */
  withData: boolean
}

/**
 * The cache slot on an OutRecord: a non-enumerable symbol property, invisible to JSON, spreads and
 * deep-equal. (A WeakMap keyed by the record doubled the cost of building the documents of a
 * 4,000-record batch: its entries are collected only by V8's slower ephemeron pass.)
 */
const DOCUMENT = Symbol('fanout.matchDocument')

type CachingRecord = OutRecord & {[DOCUMENT]?: CachedDocument}

/** The record's match document, built once; `data` is added the first time someone needs it. */
export function cachedMatchDocument(record: OutRecord, convertDDB: boolean, parseData: boolean): Record<string, unknown> {
  const cached = (record as CachingRecord)[DOCUMENT]
  if (!cached) {
    const document = matchDocument(record, {convertDDB, parseData})
    Object.defineProperty(record, DOCUMENT, {value: {convertDDB, document, withData: parseData}, writable: true})
    return document
  }
  // An OutRecord is built for one convertDDB setting; should another ask, it gets its own document.
  if (cached.convertDDB !== convertDDB) return matchDocument(record, {convertDDB, parseData})
  if (parseData && !cached.withData) {
    // Adding `data` later cannot change what earlier patterns saw: they did not name it.
    if (record.source.kind !== 'dynamodb') addData(cached.document, record)
    cached.withData = true
  }
  return cached.document
}

const ACCEPT_ALL = (): boolean => true

function templateRenderer(template: KeyTemplate, convertDDB: boolean): (record: OutRecord) => string | undefined {
  return (record) => template.render(cachedMatchDocument(record, convertDDB, template.usesData))
}

/**
 * Compiles the mapping's filter, partitionKey and messageGroupId. Throws PatternError or
 * TemplateError for an invalid one (the mapping schema refuses such rows before they get here).
 */
export function compileMappingRouting(mapping: Pick<Mapping, 'convertDDB' | 'filter' | 'messageGroupId' | 'partitionKey'>): MappingRouting {
  const {convertDDB} = mapping
  const routing: MappingRouting = {accepts: ACCEPT_ALL}
  if (mapping.filter !== undefined) {
    const pattern = compilePattern(mapping.filter)
    routing.accepts = (record) => pattern.matches(cachedMatchDocument(record, convertDDB, pattern.usesData))
  }
  if (mapping.partitionKey !== undefined) routing.partitionKey = templateRenderer(compileTemplate(mapping.partitionKey), convertDDB)
  if (mapping.messageGroupId !== undefined) routing.messageGroupId = templateRenderer(compileTemplate(mapping.messageGroupId), convertDDB)
  return routing
}
