// THE property table: the README's attribute table is made from it, the flags are one per
// property, and the write side (CLI refusals) and the read side (parseMappingItem) follow the same
// rule for every property: a value that does not apply is refused on write, and skipped or
// ignored on read as the table says; an invalid value is refused on write and skipped on read.
import {strict as assert} from 'node:assert'
import {readFileSync} from 'node:fs'
import {
  FLAG_PROPERTIES,
  MAPPING_PROPERTIES,
  PROPERTY_BY_ATTRIBUTE,
  attributeTableMarkdown,
  formatDuration,
  parseDuration,
  type MappingProperty,
  type PropertyValue,
} from '../../../runtime/mapping/properties.js'
import {mappingToItem, parseMappingItem, type MappingItem} from '../../../runtime/mapping/schema.js'
import {mappingPropertyFlags, removePropertyFlags} from '../../../src/cli/flags.js'
import {checkPropertyValues, propertyProblem} from '../../../src/mappings/properties.js'

const KINESIS = 'arn:aws:kinesis:us-east-1:123456789012:stream/orders'
const DDB = 'arn:aws:dynamodb:us-east-1:123456789012:table/Users/stream/2024-01-01T00:00:00.000'
const SECRET = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:redis-auth-AbCdEf'

/** A valid value of each property (where it applies). */
const GOOD: Record<string, PropertyValue> = {
  active: true,
  appendNewlines: true,
  collapse: 'concat',
  collapseSetBy: 'kinesis-fanout',
  convertDDB: true,
  deaggregate: true,
  externalId: 'ext-123',
  filter: '{"data":{"type":["order"]}}',
  messageGroupId: '${data.customerId}',
  parallel: false,
  parkAfter: 90,
  partitionKey: '${data.customerId}',
  passwordSecret: SECRET,
  region: 'eu-west-1',
  role: 'arn:aws:iam::123456789012:role/cross',
}

/** A row where each property does not apply (undefined: it applies everywhere). */
const MISPLACED: Record<string, MappingItem | undefined> = {
  appendNewlines: {destination: 'out', type: 'kinesis'},
  collapse: {destination: 'out', type: 'kinesis'},
  convertDDB: {destination: 'out', type: 'kinesis'},
  deaggregate: {destination: 'out', sourceArn: DDB, type: 'kinesis'},
  externalId: {destination: 'out', type: 'kinesis'},
  messageGroupId: {destination: 'https://sqs.us-east-1.amazonaws.com/123456789012/plain', type: 'sqs'},
  partitionKey: {destination: 'https://sqs.us-east-1.amazonaws.com/123456789012/plain', type: 'sqs'},
  passwordSecret: {destination: 'rediss://app:pw@cache.example:6380', type: 'redis'},
  region: {destination: 'cache.example:6379', type: 'redis'},
  role: {destination: 'cache.example:6379', type: 'redis'},
}

/** A row where each property applies. */
function home(property: MappingProperty): MappingItem {
  const base = {active: true, id: 'm', sourceArn: KINESIS}
  switch (property.attribute) {
    case 'convertDDB':
      return {...base, destination: 'out', sourceArn: DDB, type: 'kinesis'}
    case 'appendNewlines':
    case 'collapse':
      return {...base, collapse: 'concat', destination: 'https://sqs.us-east-1.amazonaws.com/123456789012/q', type: 'sqs'}
    case 'externalId':
      return {...base, destination: 'out', role: GOOD.role, type: 'kinesis'}
    case 'messageGroupId':
      return {...base, destination: 'https://sqs.us-east-1.amazonaws.com/123456789012/q.fifo', type: 'sqs'}
    case 'passwordSecret':
      return {...base, destination: 'rediss://app@cache.example:6380', type: 'redis'}
    default:
      return {...base, destination: 'out', type: 'kinesis'}
  }
}

describe('the mapping property table', () => {
  it('is what README.md shows as the attribute table', () => {
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8')
    const start = readme.indexOf('-->\n', readme.indexOf('<!-- attribute-table')) + 4
    const end = readme.indexOf('\n<!-- /attribute-table -->')
    assert.ok(start > 4 && end > start, 'README.md has the attribute-table markers')
    assert.equal(readme.slice(start, end), attributeTableMarkdown(), 'README attribute table is out of date: paste attributeTableMarkdown() between the markers')
  })

  it('has one flag per property on register/update (the typed flag list agrees), and --no-X for each removable one', () => {
    assert.deepEqual(Object.keys(mappingPropertyFlags).sort(), [...FLAG_PROPERTIES.map((p) => p.flag), 'destination'].sort())
    assert.deepEqual(Object.keys(removePropertyFlags).sort(), FLAG_PROPERTIES.filter((p) => p.removable).map((p) => `no-${p.flag}`).sort())
    // Internal properties (written by the CLI itself) have no flag.
    assert.deepEqual(MAPPING_PROPERTIES.filter((p) => p.internal).map((p) => [p.attribute, p.flag]), [['collapseSetBy', '']])
    for (const property of FLAG_PROPERTIES) {
      const flag = (mappingPropertyFlags as Record<string, {type: string; allowNo?: boolean}>)[property.flag]
      assert.equal(flag.type, property.input === 'boolean' ? 'boolean' : 'option', property.flag)
      if (property.input === 'boolean') assert.equal(flag.allowNo, true, property.flag)
    }
  })

  it('covers every optional attribute the CLI writes, each with a DynamoDB type that round-trips', () => {
    const row = {active: true, destination: 'x', id: 'i', sourceArn: KINESIS, type: 'kinesis'}
    for (const property of MAPPING_PROPERTIES) {
      const item = {...home(property), [property.attribute]: GOOD[property.attribute]}
      const parsed = parseMappingItem(item)
      assert.ok(parsed.ok, `${property.attribute}: ${!parsed.ok && parsed.reason}`)
      assert.deepEqual(parsed.warnings, [], property.attribute)
      assert.equal(mappingToItem(parsed.mapping)[property.attribute], GOOD[property.attribute], property.attribute)
      const jsType = {BOOL: 'boolean', N: 'number', S: 'string'}[property.type]
      assert.equal(typeof GOOD[property.attribute], jsType)
    }
    assert.ok(parseMappingItem(row).ok)
  })

  it('refuses on write and skips on read a value of the wrong type or an invalid value, naming it', () => {
    const wrong = {BOOL: 'yes', N: '90', S: 7}
    for (const property of MAPPING_PROPERTIES) {
      const item = {...home(property), [property.attribute]: wrong[property.type]}
      const parsed = parseMappingItem(item)
      if (property.internal) {
        // An internal marker of another type is ignored: never a reason to skip the row.
        assert.ok(parsed.ok && parsed.mapping[property.attribute] === undefined, property.attribute)
        continue
      }
      assert.ok(!parsed.ok, property.attribute)
      assert.match(parsed.reason, new RegExp(`^'${property.attribute}' must be`), property.attribute)
    }
    const invalid: Record<string, PropertyValue> = {
      collapse: 'gzip', externalId: 'a b', filter: '{}', messageGroupId: '${', parkAfter: -5, partitionKey: '${data.}', passwordSecret: 'arn:aws:s3:::bucket', region: 'Mars', role: 'arn:aws:iam::123456789012:user/u',
    }
    for (const [attribute, value] of Object.entries(invalid)) {
      const property = PROPERTY_BY_ATTRIBUTE[attribute as keyof typeof PROPERTY_BY_ATTRIBUTE]
      const parsed = parseMappingItem({...home(property), [attribute]: value})
      assert.ok(!parsed.ok, attribute)
      assert.match(parsed.reason, new RegExp(`^'${attribute}' `), attribute)
      assert.throws(() => checkPropertyValues({[attribute]: value}), new RegExp(`^Error: Invalid --${property.flag}|Invalid --${property.flag}`), attribute)
    }
    // A secret is never echoed in the reason.
    const parsed = parseMappingItem({...home(PROPERTY_BY_ATTRIBUTE.externalId), externalId: 'top secret'})
    assert.ok(!parsed.ok && !parsed.reason.includes('top secret'))
  })

  it('refuses on write, and on read skips or ignores as the table says, a value where it does not apply', () => {
    for (const property of MAPPING_PROPERTIES) {
      const misplaced = MISPLACED[property.attribute]
      if (!misplaced) {
        assert.equal(property.inapplicable, undefined, `${property.attribute} applies everywhere`)
        continue
      }
      const item: MappingItem = {active: true, id: 'm', sourceArn: KINESIS, ...misplaced, [property.attribute]: GOOD[property.attribute]}
      const sourceKind = item.sourceArn === DDB ? 'dynamodb' : 'kinesis'
      const write = propertyProblem({...(item as object), sourceKind, type: item.type} as Parameters<typeof propertyProblem>[0], [property.attribute])
      assert.match(write ?? '', new RegExp(`^--${property.flag} `), `${property.attribute} refused on write`)
      const read = parseMappingItem(item)
      if (property.onInapplicable === 'skip') {
        assert.ok(!read.ok, `${property.attribute}: row skipped`)
      } else {
        assert.ok(read.ok, `${property.attribute}: row kept`)
        const value = read.mapping[property.attribute]
        assert.ok(value === undefined || value === property.defaultValue, `${property.attribute} ignored`)
        assert.equal(read.warnings.length, property.onInapplicable === 'warn' ? 1 : 0, `${property.attribute} warnings`)
      }
    }
  })

  it('externalId: ignored without a role or on a cache target, by the function; refused by the CLI (one rule)', () => {
    const cache = parseMappingItem({active: true, destination: 'cache.example:11211', externalId: 'ext-1', id: 'c', sourceArn: KINESIS, type: 'memcached'})
    assert.ok(cache.ok && cache.mapping.externalId === undefined)
    assert.match(cache.ok ? cache.warnings[0] : '', /'externalId' does not apply to memcached targets/)
    assert.match(propertyProblem({externalId: 'ext-1', sourceKind: 'kinesis', type: 'memcached'}, ['externalId']) ?? '', /--external-id does not apply to memcached/)
  })

  it('reads durations as the CLI takes them', () => {
    assert.deepEqual(['0', '90', '90s', '5m', '1h', 'never', 'NEVER', '-1', '5 m', '1d', ''].map(parseDuration), [0, 90, 90, 300, 3600, -1, -1, -1, undefined, undefined, undefined])
    assert.deepEqual([-1, 0, 90, 300, 3600, 61].map(formatDuration), ['never', '0', '90s', '5m', '1h', '61s'])
  })
})
