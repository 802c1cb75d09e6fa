// The event-pattern test vectors: each is a pattern, a match document (docs/filters.md, "Filters and keys")
// and whether the pattern matches, with the AWS page (or event-ruler source) that defines the rule.
// Exported so the same vectors can be replayed end to end (packaged function, `tail --filter`):
// `source` and `kinesisData` / `convertDDB` say which record produces `document`.
//
// Kinesis documents: {partitionKey, sequenceNumber, approximateArrivalTimestamp, data}, data being the
// record parsed as JSON (`kinesisData` when the record text is not JSON.stringify(data): other number
// spellings, or not JSON at all, in which case the document has no `data`).
// DynamoDB documents: {eventName, dynamodb: {Keys, NewImage, OldImage}}, raw attribute values, or plain
// JSON when `convertDDB` is true. vectorEventRecord() builds the Lambda event record of a vector.
import {imageToJson} from '../../../runtime/input/ddb-json.js'
import type {AttributeValueJson} from '../../../runtime/input/event.js'
import {kinesisRecord} from '../../helpers/events.js'

export interface PatternVector {
  rule: string
  /** The pattern as the mapping's `filter` holds it (JSON text). */
  pattern: string
  document: Record<string, unknown>
  matches: boolean
  doc: string
  source: 'kinesis' | 'dynamodb'
  /** Kinesis: the record's data as UTF-8 text, when it is not JSON.stringify(document.data). */
  kinesisData?: string
  /** DynamoDB: the document is the converted (plain JSON) one. */
  convertDDB?: boolean
  /** DynamoDB: the stream record's eventName and dynamodb (raw attribute values) that give `document`. */
  dynamodbRecord?: DynamoDBRecordParts
}

export interface DynamoDBRecordParts {
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE'
  dynamodb: {Keys: Record<string, AttributeValueJson>; NewImage?: Record<string, AttributeValueJson>; OldImage?: Record<string, AttributeValueJson>}
}

export interface InvalidPatternVector {
  rule: string
  pattern: string
  /** What the one-line reason must say. */
  reason: RegExp
  doc: string
}

const EB = 'https://docs.aws.amazon.com/eventbridge/latest/userguide'
export const DOCS = {
  arrays: `${EB}/eb-event-patterns-arrays.html`,
  ddbFiltering: 'https://docs.aws.amazon.com/lambda/latest/dg/with-ddb-filtering.html',
  filterLimit: 'https://docs.aws.amazon.com/lambda/latest/api/API_Filter.html',
  kinesisFiltering: 'https://docs.aws.amazon.com/lambda/latest/dg/with-kinesis-filtering.html',
  lambdaFiltering: 'https://docs.aws.amazon.com/lambda/latest/dg/invocation-eventfiltering.html',
  nulls: `${EB}/eb-event-patterns-null-values.html`,
  operators: `${EB}/eb-create-pattern-operators.html`,
  patterns: `${EB}/eb-event-patterns.html`,
  ruler: 'https://github.com/aws/event-ruler/blob/main/README.md',
  rulerCidr: 'https://github.com/aws/event-ruler/blob/main/src/main/software/amazon/event/ruler/CIDR.java',
  rulerCompiler: 'https://github.com/aws/event-ruler/blob/main/src/main/software/amazon/event/ruler/JsonRuleCompiler.java',
  rulerFinder: 'https://github.com/aws/event-ruler/blob/main/src/main/software/amazon/event/ruler/ACFinder.java',
  rulerMachine: 'https://github.com/aws/event-ruler/blob/main/src/main/software/amazon/event/ruler/ByteMachine.java',
}
const OPS = DOCS.operators

export const SEQUENCE_NUMBER = '49590338271490256608559692538361571095921575989136588898'
export const ARRIVAL = 1545084650.987
export const PARTITION_KEY = 'pk-1'

/** The Kinesis match document of a record with this partition key and data (undefined: not JSON). */
export function kinesisDocument(data: unknown, partitionKey = PARTITION_KEY): Record<string, unknown> {
  const document: Record<string, unknown> = {approximateArrivalTimestamp: ARRIVAL, partitionKey, sequenceNumber: SEQUENCE_NUMBER}
  if (data !== undefined) document.data = data
  return document
}

function parsedOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/** The record text of a Kinesis vector (undefined for DynamoDB vectors). */
export function vectorRecordData(vector: PatternVector): string | undefined {
  if (vector.source !== 'kinesis') return undefined
  return vector.kinesisData ?? JSON.stringify(vector.document.data)
}

/**
 * The Lambda event record (Kinesis or DynamoDB Streams) whose match document is vector.document,
 * for replaying a vector end to end. `sequenceNumber` may be varied (no vector pattern names it).
 */
export function vectorEventRecord(vector: PatternVector, sourceArn: string, sequenceNumber = SEQUENCE_NUMBER): Record<string, unknown> {
  if (vector.source === 'kinesis') {
    const record = kinesisRecord(sourceArn, 1, {data: vectorRecordData(vector)!, partitionKey: PARTITION_KEY})
    return {...record, eventID: `shardId-000000000000:${sequenceNumber}`, kinesis: {...record.kinesis, approximateArrivalTimestamp: ARRIVAL, sequenceNumber}}
  }
  const {dynamodb, eventName} = vector.dynamodbRecord!
  return {
    awsRegion: 'us-east-1',
    dynamodb: {...dynamodb, ApproximateCreationDateTime: 1_700_000_000, SequenceNumber: sequenceNumber, SizeBytes: 100, StreamViewType: 'NEW_AND_OLD_IMAGES'},
    eventID: `event-${sequenceNumber}`,
    eventName,
    eventSource: 'aws:dynamodb',
    eventSourceARN: sourceArn,
    eventVersion: '1.1',
  }
}

const json = (pattern: unknown): string => JSON.stringify(pattern)

/** A vector on the `data` of a Kinesis record (pattern given as an object). */
function data(rule: string, pattern: unknown, payload: unknown, matches: boolean, doc: string): PatternVector {
  return {doc, document: kinesisDocument(payload), matches, pattern: json({data: pattern}), rule, source: 'kinesis'}
}

/** A vector whose pattern or record must be given as text (number spellings, not-JSON records). */
function text(rule: string, pattern: string, record: string, matches: boolean, doc: string): PatternVector {
  return {doc, document: kinesisDocument(parsedOrUndefined(record)), kinesisData: record, matches, pattern, rule, source: 'kinesis'}
}

/** The DynamoDB match document of a stream record: raw attribute values, or converted (convertDDB). */
export function dynamodbDocument(record: DynamoDBRecordParts, convertDDB: boolean): Record<string, unknown> {
  if (!convertDDB) return {dynamodb: record.dynamodb, eventName: record.eventName}
  const dynamodb = Object.fromEntries(Object.entries(record.dynamodb).map(([name, image]) => [name, imageToJson(image)]))
  return {dynamodb, eventName: record.eventName}
}

function ddb(rule: string, pattern: unknown, record: DynamoDBRecordParts, matches: boolean, doc: string, convertDDB = false): PatternVector {
  return {convertDDB, doc, document: dynamodbDocument(record, convertDDB), dynamodbRecord: record, matches, pattern: json(pattern), rule, source: 'dynamodb'}
}

const employees = {
  employees: [
    {firstName: 'John', lastName: 'Doe'},
    {firstName: 'Anna', lastName: 'Smith'},
    {firstName: 'Peter', lastName: 'Jones'},
  ],
}

// A DynamoDB INSERT / MODIFY / REMOVE as Lambda's filtering sees them, raw and converted.
const ddbInsert: DynamoDBRecordParts = {
  dynamodb: {
    Keys: {CustomerName: {S: 'AnyCompany Industries'}},
    NewImage: {CustomerName: {S: 'AnyCompany Industries'}, amount: {N: '42'}, status: {S: 'shipped'}, tags: {SS: ['a', 'b']}},
  },
  eventName: 'INSERT',
}
const ddbModify: DynamoDBRecordParts = {
  dynamodb: {
    Keys: {id: {N: '7'}},
    NewImage: {id: {N: '7'}, status: {S: 'shipped'}},
    OldImage: {id: {N: '7'}, status: {S: 'pending'}},
  },
  eventName: 'MODIFY',
}
const ddbRemove: DynamoDBRecordParts = {dynamodb: {Keys: {id: {N: '7'}}, OldImage: {id: {N: '7'}, status: {S: 'cancelled'}}}, eventName: 'REMOVE'}

export const PATTERN_VECTORS: PatternVector[] = [
  // --- exact values ------------------------------------------------------------------------------
  data('exact string matches', {state: ['running']}, {state: 'running'}, true, DOCS.patterns),
  data('exact string is case-sensitive', {state: ['running']}, {state: 'Running'}, false, DOCS.patterns),
  data('other fields of the document are ignored', {state: ['running']}, {id: 1, other: {x: true}, state: 'running'}, true, DOCS.patterns),
  data('every field of the pattern must match (and)', {day: ['Monday'], location: ['New York']}, {day: 'Tuesday', location: 'New York'}, false, OPS),
  data('all fields matching (and)', {day: ['Monday'], location: ['New York']}, {day: 'Monday', location: 'New York'}, true, OPS),
  data('a list matches any of its values', {state: ['pending', 'running']}, {state: 'running'}, true, DOCS.arrays),
  data('a list matches none of others', {state: ['pending', 'running']}, {state: 'stopped'}, false, DOCS.arrays),
  data('a missing field does not match a value', {state: ['running']}, {status: 'running'}, false, DOCS.patterns),
  data('nested fields follow the document structure', {detail: {state: ['running']}}, {detail: {state: 'running'}}, true, DOCS.patterns),
  data('a value does not match an object', {detail: ['running']}, {detail: {state: 'running'}}, false, OPS),
  data('string "200" does not match number 200', {code: ['200']}, {code: 200}, false, `${DOCS.ruler}#json-text-matching`),
  data('number 200 does not match string "200"', {code: [200]}, {code: '200'}, false, `${DOCS.ruler}#json-text-matching`),
  data('true matches the boolean only', {flag: [true]}, {flag: true}, true, OPS),
  data('true does not match the string "true"', {flag: [true]}, {flag: 'true'}, false, `${DOCS.ruler}#json-text-matching`),
  data('a mixed list of string and number', {code: ['none', 5]}, {code: 5}, true, DOCS.arrays),
  text('numbers compare by value: 300 matches 300.0', '{"data":{"x":[300]}}', '{"x":300.0}', true, `${DOCS.ruler}#numeric-matching`),
  text('numbers compare by value: 3.0e2 matches 300', '{"data":{"x":[3.0e2]}}', '{"x":300}', true, `${DOCS.ruler}#numeric-matching`),
  text('numbers compare by value: 300 matches 3.0e2', '{"data":{"x":[300]}}', '{"x":3.0e2}', true, `${DOCS.ruler}#numeric-matching`),
  data('number 300 does not match 300.5', {x: [300]}, {x: 300.5}, false, `${DOCS.ruler}#numeric-matching`),

  // --- null and the empty string ------------------------------------------------------------------
  data('null matches null', {responseElements: [null]}, {responseElements: null}, true, DOCS.nulls),
  data('null does not match a missing field', {responseElements: [null]}, {}, false, DOCS.nulls),
  data('null does not match the empty string', {responseElements: [null]}, {responseElements: ''}, false, DOCS.nulls),
  data('"" matches the empty string', {eventVersion: ['']}, {eventVersion: ''}, true, DOCS.nulls),
  data('"" does not match null', {eventVersion: ['']}, {eventVersion: null}, false, DOCS.nulls),
  data('"" does not match a missing field', {eventVersion: ['']}, {other: 1}, false, DOCS.nulls),

  // --- arrays in the document ---------------------------------------------------------------------
  data('an array matches when any element matches', {resources: ['arn:b']}, {resources: ['arn:a', 'arn:b']}, true, DOCS.arrays),
  data('an array matches when pattern and array intersect', {resources: ['arn:x', 'arn:b']}, {resources: ['arn:a', 'arn:b']}, true, DOCS.arrays),
  data('an array without a matching element', {resources: ['arn:c']}, {resources: ['arn:a', 'arn:b']}, false, DOCS.arrays),
  data('an empty array matches no value', {resources: ['arn:a']}, {resources: []}, false, DOCS.arrays),
  data('arrays of arrays are flattened', {tags: ['b']}, {tags: [['a'], ['b']]}, true, `${DOCS.ruler}#json-array-matching`),
  data('a field inside an array of objects', {employees: {firstName: ['Anna']}}, employees, true, `${DOCS.ruler}#json-array-matching`),
  data('fields of one pattern object match in the same element', {employees: {firstName: ['Anna'], lastName: ['Smith']}}, employees, true, `${DOCS.ruler}#json-array-matching`),
  data('fields from different elements do not match', {employees: {firstName: ['Anna'], lastName: ['Jones']}}, employees, false, `${DOCS.ruler}#json-array-matching`),
  data('same element through nested arrays', {orders: {items: {qty: [{numeric: ['>', 1]}], sku: ['A']}}}, {orders: [{items: [{qty: 1, sku: 'A'}, {qty: 5, sku: 'B'}]}, {items: [{qty: 2, sku: 'A'}]}]}, true, `${DOCS.ruler}#json-array-matching`),
  data('same element through nested arrays (no element has both)', {orders: {items: {qty: [{numeric: ['>', 1]}], sku: ['A']}}}, {orders: [{items: [{qty: 1, sku: 'A'}, {qty: 5, sku: 'B'}]}]}, false, `${DOCS.ruler}#json-array-matching`),
  data('numeric against an array of numbers', {n: [{numeric: ['>', 10]}]}, {n: [1, 20]}, true, DOCS.arrays),

  // --- prefix, suffix, equals-ignore-case ---------------------------------------------------------
  data('prefix matches', {time: [{prefix: '2017-10-02'}]}, {time: '2017-10-02T18:43:48Z'}, true, OPS),
  data('prefix does not match', {time: [{prefix: '2017-10-02'}]}, {time: '2017-10-03T18:43:48Z'}, false, OPS),
  data('prefix is case-sensitive', {region: [{prefix: 'us-'}]}, {region: 'US-east-1'}, false, OPS),
  data('prefix works on strings only', {code: [{prefix: '20'}]}, {code: 200}, false, `${DOCS.ruler}#prefix-matching`),
  data('prefix equals-ignore-case', {service: [{prefix: {'equals-ignore-case': 'EventB'}}]}, {service: 'eventbridge'}, true, OPS),
  data('prefix equals-ignore-case does not match', {service: [{prefix: {'equals-ignore-case': 'EventB'}}]}, {service: 'sqs'}, false, OPS),
  data('suffix matches', {FileName: [{suffix: '.png'}]}, {FileName: 'image.png'}, true, OPS),
  data('suffix does not match', {FileName: [{suffix: '.png'}]}, {FileName: 'image.jpg'}, false, OPS),
  data('suffix equals-ignore-case', {FileName: [{suffix: {'equals-ignore-case': '.PNG'}}]}, {FileName: 'image.png'}, true, OPS),
  data('equals-ignore-case matches any casing', {source: [{'equals-ignore-case': 'EC2'}]}, {source: 'ec2'}, true, OPS),
  data('equals-ignore-case is still equality', {source: [{'equals-ignore-case': 'EC2'}]}, {source: 'ec2x'}, false, OPS),
  data('equals-ignore-case works on strings only', {n: [{'equals-ignore-case': '5'}]}, {n: 5}, false, `${DOCS.ruler}#equals-ignore-case-matching`),

  // --- wildcard -----------------------------------------------------------------------------------
  data('wildcard matches', {source: [{wildcard: 'Simple*Service'}]}, {source: 'SimpleNotificationService'}, true, OPS),
  data('wildcard * also matches nothing', {source: [{wildcard: 'Simple*Service'}]}, {source: 'SimpleService'}, true, `${DOCS.ruler}#wildcard-matching`),
  data('wildcard is anchored at both ends', {source: [{wildcard: 'Simple*Service'}]}, {source: 'SimpleServices'}, false, OPS),
  data('wildcard with several *', {path: [{wildcard: 'dir/*/file*.png'}]}, {path: 'dir/a/b/file-1.png'}, true, OPS),
  data('wildcard parts must appear in order', {path: [{wildcard: 'a*b*c'}]}, {path: 'acb'}, false, OPS),
  data('wildcard \\* is a literal star', {v: [{wildcard: 'a\\*b'}]}, {v: 'a*b'}, true, `${DOCS.ruler}#wildcard-matching`),
  data('wildcard \\* does not match other characters', {v: [{wildcard: 'a\\*b'}]}, {v: 'axb'}, false, `${DOCS.ruler}#wildcard-matching`),
  data('wildcard \\\\ is a literal backslash', {v: [{wildcard: 'a\\\\*'}]}, {v: 'a\\bc'}, true, `${DOCS.ruler}#wildcard-matching`),
  data('wildcard * alone matches any string', {v: [{wildcard: '*'}]}, {v: ''}, true, `${DOCS.ruler}#wildcard-matching`),
  data('wildcard works on strings only', {v: [{wildcard: '*'}]}, {v: 12}, false, `${DOCS.ruler}#wildcard-matching`),

  // --- anything-but -------------------------------------------------------------------------------
  data('anything-but a string', {state: [{'anything-but': 'initializing'}]}, {state: 'running'}, true, OPS),
  data('anything-but excludes its string', {state: [{'anything-but': 'initializing'}]}, {state: 'initializing'}, false, OPS),
  data('anything-but a number', {x: [{'anything-but': 123}]}, {x: 124}, true, OPS),
  text('anything-but a number excludes it by value', '{"data":{"x":[{"anything-but":123}]}}', '{"x":123.0}', false, `${DOCS.ruler}#anything-but-matching`),
  data('anything-but a list of strings', {state: [{'anything-but': ['stopped', 'overloaded']}]}, {state: 'stopped'}, false, OPS),
  data('anything-but a list of strings lets others through', {state: [{'anything-but': ['stopped', 'overloaded']}]}, {state: 'running'}, true, OPS),
  data('anything-but a list of numbers', {x: [{'anything-but': [100, 200, 300]}]}, {x: 200}, false, OPS),
  data('anything-but a list of numbers lets others through', {x: [{'anything-but': [100, 200, 300]}]}, {x: 301.8}, true, OPS),
  data('anything-but a string matches a number', {state: [{'anything-but': 'initializing'}]}, {state: 5}, true, DOCS.rulerMachine),
  data('anything-but a string matches null', {state: [{'anything-but': 'initializing'}]}, {state: null}, true, DOCS.rulerMachine),
  data('anything-but needs the field', {state: [{'anything-but': 'initializing'}]}, {other: 'x'}, false, OPS),
  data('anything-but on an array: any element not excluded', {state: [{'anything-but': 'stopped'}]}, {state: ['stopped', 'running']}, true, DOCS.arrays),
  data('anything-but on an array of only excluded values', {state: [{'anything-but': 'stopped'}]}, {state: ['stopped', 'stopped']}, false, DOCS.arrays),
  data('anything-but prefix excludes', {Region: [{'anything-but': {prefix: 'us-'}}]}, {Region: 'us-east-1'}, false, OPS),
  data('anything-but prefix lets others through', {Region: [{'anything-but': {prefix: 'us-'}}]}, {Region: 'eu-west-1'}, true, OPS),
  data('anything-but prefix list', {state: [{'anything-but': {prefix: ['init', 'stop']}}]}, {state: 'stopped'}, false, DOCS.rulerCompiler),
  data('anything-but prefix matches a number', {state: [{'anything-but': {prefix: 'init'}}]}, {state: 42}, true, DOCS.rulerMachine),
  data('anything-but suffix excludes', {FileName: [{'anything-but': {suffix: '.png'}}]}, {FileName: 'image.png'}, false, OPS),
  data('anything-but suffix lets others through', {FileName: [{'anything-but': {suffix: '.png'}}]}, {FileName: 'image.jpg'}, true, OPS),
  data('anything-but equals-ignore-case excludes any casing', {state: [{'anything-but': {'equals-ignore-case': 'initializing'}}]}, {state: 'INITIALIZING'}, false, OPS),
  data('anything-but equals-ignore-case lets others through', {state: [{'anything-but': {'equals-ignore-case': 'initializing'}}]}, {state: 'running'}, true, OPS),
  data('anything-but equals-ignore-case list', {state: [{'anything-but': {'equals-ignore-case': ['Stopped', 'Overloaded']}}]}, {state: 'OVERLOADED'}, false, DOCS.rulerCompiler),
  data('anything-but wildcard excludes', {FilePath: [{'anything-but': {wildcard: '*/lib/*'}}]}, {FilePath: '/usr/lib/libc.so'}, false, OPS),
  data('anything-but wildcard lets others through', {FilePath: [{'anything-but': {wildcard: '*/lib/*'}}]}, {FilePath: '/usr/bin/env'}, true, OPS),
  data('anything-but wildcard list', {FilePath: [{'anything-but': {wildcard: ['*/lib/*', '*.tmp']}}]}, {FilePath: 'a.tmp'}, false, DOCS.rulerCompiler),

  // --- numeric ------------------------------------------------------------------------------------
  data('numeric range inside', {c: [{numeric: ['>', 0, '<=', 5]}]}, {c: 5}, true, OPS),
  data('numeric range: open lower bound', {c: [{numeric: ['>', 0, '<=', 5]}]}, {c: 0}, false, OPS),
  data('numeric range: above the upper bound', {c: [{numeric: ['>', 0, '<=', 5]}]}, {c: 5.1}, false, OPS),
  data('numeric <', {d: [{numeric: ['<', 10]}]}, {d: 9.999}, true, OPS),
  data('numeric < is strict', {d: [{numeric: ['<', 10]}]}, {d: 10}, false, OPS),
  data('numeric >=', {d: [{numeric: ['>=', 10]}]}, {d: 10}, true, OPS),
  data('numeric <= with negatives', {d: [{numeric: ['<=', -1.5]}]}, {d: -2}, true, OPS),
  data('numeric = with exponent', {x: [{numeric: ['=', 3.018e2]}]}, {x: 301.8}, true, `${DOCS.ruler}#numeric-matching`),
  text('numeric = compares by value', '{"data":{"x":[{"numeric":["=",300]}]}}', '{"x":3.0e2}', true, `${DOCS.ruler}#numeric-matching`),
  data('numeric works on JSON numbers only', {x: [{numeric: ['>', 0]}]}, {x: '5'}, false, `${DOCS.ruler}#numeric-matching`),
  data('numeric ignores numbers beyond 5e9', {x: [{numeric: ['>', 0]}]}, {x: 6e9}, false, `${DOCS.ruler}#numeric-matching`),
  data('numeric at the 5e9 limit', {x: [{numeric: ['>=', 5e9]}]}, {x: 5e9}, true, `${DOCS.ruler}#numeric-matching`),

  // --- exists -------------------------------------------------------------------------------------
  data('exists true: field present', {c: [{exists: true}]}, {c: 1}, true, OPS),
  data('exists true: field missing', {c: [{exists: true}]}, {d: 1}, false, OPS),
  data('exists false: field missing', {c: [{exists: false}]}, {d: 1}, true, OPS),
  data('exists false: field present', {c: [{exists: false}]}, {c: 'x'}, false, OPS),
  data('exists false matches an object (not a leaf)', {detail: {c: [{exists: false}]}}, {detail: {c: {c1: 100}}}, true, `${DOCS.ruler}#exists-matching`),
  data('exists true does not match an object (not a leaf)', {detail: {c: [{exists: true}]}}, {detail: {c: {c1: 100}}}, false, `${DOCS.ruler}#exists-matching`),
  data('exists true: a null value is present', {c: [{exists: true}]}, {c: null}, true, DOCS.nulls),
  data('exists false: a null value is present', {c: [{exists: false}]}, {c: null}, false, DOCS.nulls),
  data('exists true: an empty array has no leaf', {c: [{exists: true}]}, {c: []}, false, `${DOCS.ruler}#exists-matching`),
  data('exists false: an empty array has no leaf', {c: [{exists: false}]}, {c: []}, true, `${DOCS.ruler}#exists-matching`),
  data('exists true: an array of values', {c: [{exists: true}]}, {c: ['a']}, true, DOCS.arrays),
  data('exists false: the parent is missing too', {detail: {c: [{exists: false}]}}, {other: 1}, true, OPS),
  data('exists false: any element having the field counts', {items: {gift: [{exists: false}]}}, {items: [{sku: 'A'}, {gift: true, sku: 'B'}]}, false, DOCS.rulerFinder),
  data('exists false within the element the other fields matched', {items: {sku: ['A'], wrap: [{exists: false}]}}, {items: [{sku: 'A'}, {sku: 'B', wrap: true}]}, true, DOCS.rulerFinder),
  data('exists false with a value: either holds', {c: ['x', {exists: false}]}, {}, true, OPS),

  // --- cidr ---------------------------------------------------------------------------------------
  data('cidr IPv4: inside', {ip: [{cidr: '10.0.0.0/24'}]}, {ip: '10.0.0.17'}, true, OPS),
  data('cidr IPv4: first address', {ip: [{cidr: '10.0.0.0/24'}]}, {ip: '10.0.0.0'}, true, OPS),
  data('cidr IPv4: last address', {ip: [{cidr: '10.0.0.0/24'}]}, {ip: '10.0.0.255'}, true, OPS),
  data('cidr IPv4: just outside', {ip: [{cidr: '10.0.0.0/24'}]}, {ip: '10.0.1.0'}, false, OPS),
  data('cidr IPv4 /8', {ip: [{cidr: '10.0.0.0/8'}]}, {ip: '10.255.255.255'}, true, OPS),
  data('cidr IPv4 /0 covers every IPv4 address', {ip: [{cidr: '0.0.0.0/0'}]}, {ip: '203.0.113.9'}, true, DOCS.rulerCidr),
  data('cidr IPv6: inside', {ip: [{cidr: '2001:db8::/32'}]}, {ip: '2001:db8:ffff:ffff:ffff:ffff:ffff:ffff'}, true, OPS),
  data('cidr IPv6: just outside', {ip: [{cidr: '2001:db8::/32'}]}, {ip: '2001:db9::'}, false, OPS),
  data('cidr IPv6 /64 boundary', {ip: [{cidr: '2001:db8:0:1::/64'}]}, {ip: '2001:db8:0:2::'}, false, OPS),
  data('cidr IPv4 does not match an IPv6 address', {ip: [{cidr: '0.0.0.0/0'}]}, {ip: '::1'}, false, DOCS.rulerCidr),
  data('cidr does not match a non-address', {ip: [{cidr: '10.0.0.0/8'}]}, {ip: 'ten'}, false, OPS),
  data('a plain IP value matches the address however written', {ip: ['2001:db8::1']}, {ip: '2001:0DB8:0:0:0:0:0:1'}, true, DOCS.rulerCompiler),

  // --- $or ----------------------------------------------------------------------------------------
  data('$or: the first alternative', {$or: [{location: ['New York']}, {day: ['Monday']}]}, {location: 'New York'}, true, OPS),
  data('$or: the second alternative', {$or: [{location: ['New York']}, {day: ['Monday']}]}, {day: 'Monday'}, true, OPS),
  data('$or: no alternative', {$or: [{location: ['New York']}, {day: ['Monday']}]}, {day: 'Sunday'}, false, OPS),
  data('$or and a field (and)', {$or: [{metricName: ['CPUUtilization']}, {namespace: ['AWS/EC2']}], source: ['aws.cloudwatch']}, {namespace: 'AWS/EC2', source: 'aws.other'}, false, `${DOCS.ruler}#the-or-primitive`),
  data('$or inside a nested object', {detail: {$or: [{state: ['running']}, {code: [{numeric: ['>', 400]}]}]}}, {detail: {code: 503}}, true, `${DOCS.ruler}#the-or-primitive`),
  data('$or alternative with several fields (and inside or)', {$or: [{a: ['1'], b: ['2']}, {c: ['3']}]}, {a: '1', b: '9'}, false, `${DOCS.ruler}#the-or-primitive`),
  data('nested $or', {$or: [{a: ['1']}, {$or: [{b: ['2']}, {c: ['3']}], d: ['4']}]}, {c: '3', d: '4'}, true, `${DOCS.ruler}#the-or-primitive`),
  data('parallel $or at two levels', {$or: [{a: ['1']}, {b: ['2']}], detail: {$or: [{c: ['3']}, {d: ['4']}]}}, {b: '2', detail: {c: '0', d: '4'}}, true, `${DOCS.ruler}#the-or-primitive`),

  // --- Lambda FilterCriteria on Kinesis records ---------------------------------------------------
  data('Lambda Kinesis example: a data field', {RequestCode: ['AAAA']}, {RecordNumber: '0001', RequestCode: 'AAAA', TimeStamp: 'yyyy-mm-ddThh:mm:ss'}, true, DOCS.kinesisFiltering),
  data('Lambda Kinesis example: another value', {RequestCode: ['AAAA']}, {RecordNumber: '0002', RequestCode: 'BBBB', TimeStamp: 'yyyy-mm-ddThh:mm:ss'}, false, DOCS.kinesisFiltering),
  text('a record that is not JSON never matches a data pattern', '{"data":{"RequestCode":[{"exists":true}]}}', 'RequestCode=AAAA', false, DOCS.kinesisFiltering),
  text('a record that is not JSON does not match exists:false on data either', '{"data":{"kind":[{"exists":false}]}}', 'plain text', false, DOCS.lambdaFiltering),
  text('a record that is not JSON does not match a pattern naming data in one $or alternative', '{"$or":[{"partitionKey":["pk-1"]},{"data":{"kind":["order"]}}]}', 'plain text', false, DOCS.lambdaFiltering),
  text('a JSON record without the field matches exists:false', '{"data":{"kind":[{"exists":false}]}}', '{"other":1}', true, DOCS.operators),
  text('a record that is not JSON matches on its metadata', '{"partitionKey":["pk-1"]}', 'plain text', true, DOCS.lambdaFiltering),
  text('the partition key with prefix', '{"partitionKey":[{"prefix":"pk-"}],"data":{"kind":["order"]}}', '{"kind":"order"}', true, DOCS.lambdaFiltering),
  text('the arrival time in seconds with fraction', '{"approximateArrivalTimestamp":[{"numeric":[">",1545084650.5]}]}', '{}', true, DOCS.kinesisFiltering),
  {...data('a pattern of exactly 4,096 characters', {state: ['running']}, {state: 'running'}, true, DOCS.filterLimit), pattern: json({data: {state: ['running']}}).padEnd(4096, ' ')},

  // --- Lambda FilterCriteria on DynamoDB records --------------------------------------------------
  ddb('Lambda DynamoDB example: a key', {dynamodb: {Keys: {CustomerName: {S: ['AnyCompany Industries']}}}}, ddbInsert, true, DOCS.ddbFiltering),
  ddb('DynamoDB NewImage attribute (raw)', {dynamodb: {NewImage: {status: {S: ['shipped']}}}}, ddbInsert, true, DOCS.ddbFiltering),
  ddb('DynamoDB eventName', {eventName: ['INSERT', 'MODIFY']}, ddbModify, true, DOCS.ddbFiltering),
  ddb('DynamoDB eventName REMOVE is not INSERT', {eventName: ['INSERT']}, ddbRemove, false, DOCS.ddbFiltering),
  ddb('DynamoDB raw N is a string: numeric does not match', {dynamodb: {NewImage: {amount: {N: [{numeric: ['>', 10]}]}}}}, ddbInsert, false, DOCS.ddbFiltering),
  ddb('DynamoDB OldImage on MODIFY', {dynamodb: {OldImage: {status: {S: ['pending']}}}, eventName: ['MODIFY']}, ddbModify, true, DOCS.ddbFiltering),
  ddb('DynamoDB REMOVE has no NewImage', {dynamodb: {NewImage: {status: {S: [{exists: true}]}}}}, ddbRemove, false, DOCS.ddbFiltering),
  ddb('DynamoDB REMOVE: NewImage fields do not exist', {dynamodb: {NewImage: {status: {S: [{exists: false}]}}}, eventName: ['REMOVE']}, ddbRemove, true, DOCS.ddbFiltering),
  ddb('raw pattern does not match a converted image', {dynamodb: {NewImage: {status: {S: ['shipped']}}}}, ddbInsert, false, DOCS.ddbFiltering, true),
  ddb('converted image: plain values', {dynamodb: {NewImage: {status: ['shipped']}}}, ddbInsert, true, DOCS.ddbFiltering, true),
  ddb('converted image: numbers are numbers', {dynamodb: {NewImage: {amount: [{numeric: ['>', 10]}]}}}, ddbInsert, true, DOCS.ddbFiltering, true),
  ddb('converted image: a string set is an array', {dynamodb: {NewImage: {tags: ['b']}}}, ddbInsert, true, DOCS.arrays, true),
]

export const INVALID_PATTERN_VECTORS: InvalidPatternVector[] = [
  {doc: DOCS.lambdaFiltering, pattern: '{"data": {"a": ["x"]}', reason: /not JSON/, rule: 'not JSON'},
  {doc: DOCS.lambdaFiltering, pattern: '["x"]', reason: /not a JSON object/, rule: 'a list is not an object'},
  {doc: DOCS.lambdaFiltering, pattern: '"x"', reason: /not a JSON object/, rule: 'a string is not an object'},
  {doc: DOCS.lambdaFiltering, pattern: 'null', reason: /not a JSON object/, rule: 'null is not an object'},
  {doc: DOCS.rulerCompiler, pattern: '{}', reason: /empty object/, rule: 'the empty pattern {}'},
  {doc: DOCS.rulerCompiler, pattern: '{"data": {}}', reason: /^data: .*empty object/, rule: 'an empty nested object'},
  {doc: DOCS.rulerCompiler, pattern: '{"data": {"a": "x"}}', reason: /^data\.a: must be an object or a list/, rule: 'a leaf that is a string'},
  {doc: DOCS.rulerCompiler, pattern: '{"a": 5}', reason: /^a: must be an object or a list/, rule: 'a leaf that is a number'},
  {doc: DOCS.rulerCompiler, pattern: '{"a": null}', reason: /^a: must be an object or a list/, rule: 'a leaf that is null'},
  {doc: DOCS.rulerCompiler, pattern: '{"a": []}', reason: /^a: an empty list/, rule: 'an empty list'},
  {doc: DOCS.rulerCompiler, pattern: '{"a": [["x"]]}', reason: /a list holds strings/, rule: 'a list inside a list'},
  {doc: DOCS.operators, pattern: '{"a": [{"regex": "x"}]}', reason: /unknown operator 'regex'/, rule: 'an unknown operator'},
  {doc: DOCS.rulerCompiler, pattern: '{"a": [{"prefix": "x", "suffix": "y"}]}', reason: /one operator, not 2/, rule: 'two operators in one object'},
  {doc: DOCS.rulerCompiler, pattern: '{"a": [{}]}', reason: /empty object/, rule: 'an empty operator object'},
  {doc: DOCS.operators, pattern: '{"a": [{"prefix": 1}]}', reason: /prefix must be a string/, rule: 'prefix of a number'},
  {doc: DOCS.operators, pattern: '{"a": [{"prefix": {"equals-ignore-case": 1}}]}', reason: /equals-ignore-case must be a string/, rule: 'prefix equals-ignore-case of a number'},
  {doc: DOCS.rulerCompiler, pattern: '{"a": [{"prefix": {"suffix": "x"}}]}', reason: /prefix takes a string or/, rule: 'prefix with another operator'},
  {doc: DOCS.operators, pattern: '{"a": [{"suffix": ["x"]}]}', reason: /suffix must be a string/, rule: 'suffix of a list'},
  {doc: DOCS.operators, pattern: '{"a": [{"equals-ignore-case": 5}]}', reason: /equals-ignore-case must be a string/, rule: 'equals-ignore-case of a number'},
  {doc: `${DOCS.ruler}#wildcard-matching`, pattern: '{"a": [{"wildcard": "a**b"}]}', reason: /consecutive '\*'/, rule: 'wildcard with **'},
  {doc: `${DOCS.ruler}#wildcard-matching`, pattern: '{"a": [{"wildcard": "a\\\\b"}]}', reason: /backslash may only escape/, rule: 'wildcard escaping another character'},
  {doc: `${DOCS.ruler}#wildcard-matching`, pattern: '{"a": [{"wildcard": "a\\\\"}]}', reason: /backslash may only escape/, rule: 'wildcard ending in a backslash'},
  {doc: DOCS.operators, pattern: '{"a": [{"wildcard": 5}]}', reason: /wildcard must be a string/, rule: 'wildcard of a number'},
  {doc: DOCS.rulerCompiler, pattern: '{"a": [{"anything-but": true}]}', reason: /anything-but takes a string, a number/, rule: 'anything-but a boolean'},
  {doc: DOCS.rulerCompiler, pattern: '{"a": [{"anything-but": null}]}', reason: /anything-but takes a string, a number/, rule: 'anything-but null'},
  {doc: DOCS.operators, pattern: '{"a": [{"anything-but": ["x", 1]}]}', reason: /only strings or only numbers/, rule: 'anything-but a mixed list'},
  {doc: DOCS.rulerCompiler, pattern: '{"a": [{"anything-but": []}]}', reason: /anything-but needs at least one value/, rule: 'anything-but an empty list'},
  {doc: DOCS.rulerCompiler, pattern: '{"a": [{"anything-but": {"prefix": 1}}]}', reason: /anything-but prefix takes a string/, rule: 'anything-but prefix of a number'},
  {doc: DOCS.rulerCompiler, pattern: '{"a": [{"anything-but": {"prefix": ""}}]}', reason: /anything-but prefix may not be empty/, rule: 'anything-but an empty prefix'},
  {doc: DOCS.rulerCompiler, pattern: '{"a": [{"anything-but": {"suffix": ""}}]}', reason: /anything-but suffix may not be empty/, rule: 'anything-but an empty suffix'},
  {doc: DOCS.rulerCompiler, pattern: '{"a": [{"anything-but": {"numeric": [">", 1]}}]}', reason: /anything-but does not take 'numeric'/, rule: 'anything-but numeric'},
  {doc: DOCS.rulerCompiler, pattern: '{"a": [{"anything-but": {"prefix": "a", "suffix": "b"}}]}', reason: /anything-but takes one operator/, rule: 'anything-but with two operators'},
  {doc: DOCS.rulerCompiler, pattern: '{"a": [{"anything-but": {"wildcard": "a**"}}]}', reason: /consecutive '\*'/, rule: 'anything-but an invalid wildcard'},
  {doc: `${DOCS.ruler}#numeric-matching`, pattern: '{"a": [{"anything-but": 6e9}]}', reason: /outside -5e9\.\.5e9/, rule: 'anything-but a number beyond 5e9'},
  {doc: DOCS.operators, pattern: '{"a": [{"numeric": 5}]}', reason: /numeric takes a list/, rule: 'numeric of a number'},
  {doc: DOCS.rulerCompiler, pattern: '{"a": [{"numeric": [">"]}]}', reason: /must be a number/, rule: 'numeric without an operand'},
  {doc: DOCS.rulerCompiler, pattern: '{"a": [{"numeric": ["<", "5"]}]}', reason: /must be a number, not "5"/, rule: 'numeric with a string operand'},
  {doc: DOCS.rulerCompiler, pattern: '{"a": [{"numeric": ["!=", 1]}]}', reason: /unknown comparison "!="/, rule: 'numeric with an unknown comparison'},
  {doc: DOCS.rulerCompiler, pattern: '{"a": [{"numeric": ["<", 5, ">", 0]}]}', reason: /unexpected extra terms/, rule: 'numeric range with the upper bound first'},
  {doc: DOCS.rulerCompiler, pattern: '{"a": [{"numeric": [">", 0, ">", 5]}]}', reason: /may only be followed by "<" or "<="/, rule: 'numeric with two lower bounds'},
  {doc: DOCS.rulerCompiler, pattern: '{"a": [{"numeric": [">", 5, "<", 1]}]}', reason: /must be below the upper bound/, rule: 'numeric range upside down'},
  {doc: DOCS.rulerCompiler, pattern: '{"a": [{"numeric": [">", 0, "<", 5, "<", 9]}]}', reason: /unexpected extra terms/, rule: 'numeric with too many terms'},
  {doc: DOCS.rulerCompiler, pattern: '{"a": [{"numeric": ["=", 1, "<", 5]}]}', reason: /unexpected extra terms/, rule: 'numeric = with a bound'},
  {doc: `${DOCS.ruler}#numeric-matching`, pattern: '{"a": [{"numeric": [">", 6e9]}]}', reason: /outside -5e9\.\.5e9/, rule: 'numeric beyond 5e9'},
  {doc: `${DOCS.ruler}#numeric-matching`, pattern: '{"a": [{"numeric": ["<", 1.1234567]}]}', reason: /more than 6 decimals/, rule: 'numeric with 7 decimals'},
  {doc: DOCS.operators, pattern: '{"a": [{"exists": "true"}]}', reason: /exists must be true or false/, rule: 'exists of a string'},
  {doc: DOCS.operators, pattern: '{"a": [{"cidr": 10}]}', reason: /cidr must be a string/, rule: 'cidr of a number'},
  {doc: DOCS.rulerCidr, pattern: '{"a": [{"cidr": "10.0.0.0"}]}', reason: /needs one '\/'/, rule: 'cidr without mask bits'},
  {doc: DOCS.rulerCidr, pattern: '{"a": [{"cidr": "10.0.0.0/33"}]}', reason: /mask bits must be 0 to 31/, rule: 'cidr IPv4 /33'},
  {doc: DOCS.rulerCidr, pattern: '{"a": [{"cidr": "10.0.0.1/32"}]}', reason: /mask bits must be 0 to 31/, rule: 'cidr IPv4 /32 (event-ruler requires < 32)'},
  {doc: DOCS.rulerCidr, pattern: '{"a": [{"cidr": "2001:db8::/128"}]}', reason: /mask bits must be 0 to 127/, rule: 'cidr IPv6 /128'},
  {doc: DOCS.rulerCidr, pattern: '{"a": [{"cidr": "300.0.0.0/8"}]}', reason: /not an IPv4 or IPv6 address/, rule: 'cidr of a non-address'},
  {doc: DOCS.rulerCidr, pattern: '{"a": [{"cidr": "10.0.0.0/x"}]}', reason: /mask bits must be a whole number/, rule: 'cidr with non-numeric mask bits'},
  {doc: DOCS.rulerCompiler, pattern: '{"$or": {"a": ["1"]}}', reason: /^\$or: takes a list of at least 2/, rule: '$or of an object'},
  {doc: DOCS.rulerCompiler, pattern: '{"$or": [{"a": ["1"]}]}', reason: /^\$or: takes a list of at least 2/, rule: '$or with one alternative'},
  {doc: DOCS.rulerCompiler, pattern: '{"$or": [{"a": ["1"]}, "b"]}', reason: /holds pattern objects only/, rule: '$or with a string alternative'},
  {doc: DOCS.rulerCompiler, pattern: '{"$or": [{}, {"a": ["1"]}]}', reason: /empty object/, rule: '$or with an empty alternative'},
  {doc: `${DOCS.ruler}#the-or-primitive`, pattern: '{"$or": [{"numeric": [1]}, {"prefix": ["a"]}]}', reason: /'numeric' is an operator name/, rule: 'operator names as fields inside $or'},
  {doc: DOCS.filterLimit, pattern: '{"data": {"state": ["running"]}}'.padEnd(4097, ' '), reason: /longer than 4,096 characters \(4,097\)/, rule: 'more than 4,096 characters (spaces count)'},
]
