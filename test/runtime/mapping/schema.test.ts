import {strict as assert} from 'node:assert'
import {
  destinationProblem,
  effectiveCollapse,
  mappingToItem,
  parseMappingItem,
  type Mapping,
  type MappingItem,
} from '../../../runtime/mapping/schema.js'

const KINESIS_SOURCE = 'arn:aws:kinesis:us-east-1:123456789012:stream/orders'
const DDB_SOURCE = 'arn:aws:dynamodb:eu-west-1:123456789012:table/Orders/stream/2024-01-01T00:00:00.000'

/** A row exactly as the Bash CLI's buildObject wrote it for `register sqs`. */
function bashRow(overrides: MappingItem = {}): MappingItem {
  return {
    active: true,
    collapse: 'none',
    destination: 'https://sqs.us-east-1.amazonaws.com/123456789012/out',
    id: 'to-sqs',
    sourceArn: KINESIS_SOURCE,
    type: 'sqs',
    ...overrides,
  }
}

function parsed(item: MappingItem): Mapping {
  const result = parseMappingItem(item)
  if (!result.ok) assert.fail(`expected valid row, got: ${result.reason}`)
  return result.mapping
}

function refusal(item: MappingItem): string {
  const result = parseMappingItem(item)
  if (result.ok) assert.fail('expected the row to be refused')
  return result.reason
}

describe('mapping schema', () => {
  it('accepts a Bash-era row and applies the documented defaults', () => {
    const mapping = parsed(bashRow())
    assert.equal(mapping.collapse, 'none')
    assert.equal(mapping.parallel, true)
    assert.equal(mapping.convertDDB, false)
    assert.equal(mapping.deaggregate, false)
    assert.equal(mapping.appendNewlines, false)
  })

  it('gives a row without collapse the JSON default on sns, sqs and iot', () => {
    const {collapse: _ignored, ...row} = bashRow()
    const mapping = parsed(row)
    assert.equal(mapping.collapse, undefined)
    assert.equal(effectiveCollapse(mapping), 'JSON')
  })

  it('ignores the collapse the Bash CLI wrote on kinesis rows', () => {
    const mapping = parsed(bashRow({collapse: 'none', destination: 'out-stream', type: 'kinesis'}))
    assert.equal(mapping.collapse, undefined)
  })

  it('treats a row without active as inactive and keeps unknown attributes out of the mapping', () => {
    const {active: _ignored, ...row} = bashRow()
    const mapping = parsed({...row, comment: 'added by hand'})
    assert.equal(mapping.active, false)
    assert.equal((mapping as unknown as MappingItem).comment, undefined)
  })

  it('refuses wrong attribute types, naming the attribute and the DynamoDB type', () => {
    assert.match(refusal(bashRow({active: 'true'})), /'active' must be a boolean \(BOOL\), found a string/)
    assert.match(refusal(bashRow({parallel: 1})), /'parallel' must be a boolean/)
    assert.match(refusal(bashRow({destination: 42})), /'destination' must be a string \(S\), found a number/)
    assert.match(refusal(bashRow({collapse: true})), /'collapse' must be a string/)
  })

  it('refuses unknown types and collapse modes with the valid values', () => {
    assert.match(refusal(bashRow({type: 'webhook'})), /unknown target type 'webhook' \(expected one of sns, sqs, es/)
    assert.match(refusal(bashRow({collapse: 'gzip'})), /'collapse' must be one of none, JSON, concat, concat-b64/)
  })

  it('reports the id of a refused row', () => {
    const result = parseMappingItem(bashRow({id: 'broken', type: 'nope'}))
    assert.equal(result.ok, false)
    assert.equal(!result.ok && result.id, 'broken')
  })

  it('accepts every partition and region shape for sources, roles and destinations', () => {
    for (const partition of ['aws', 'aws-cn', 'aws-us-gov']) {
      const region = {aws: 'ap-southeast-2', 'aws-cn': 'cn-northwest-1', 'aws-us-gov': 'us-gov-west-1'}[partition]!
      const mapping = parsed({
        active: true,
        destination: `arn:${partition}:sns:${region}:123456789012:topic`,
        id: 'x',
        region,
        role: `arn:${partition}:iam::123456789012:role/cross`,
        sourceArn: `arn:${partition}:kinesis:${region}:123456789012:stream/s`,
        type: 'sns',
      })
      assert.equal(mapping.region, region)
    }
    assert.ok(parsed(bashRow({sourceArn: DDB_SOURCE})))
  })

  it('refuses role and region on cache targets, saying how to remove them', () => {
    const result = parseMappingItem({
      active: true,
      destination: 'cache.example:6379',
      id: 'r',
      region: 'us-west-2',
      role: 'arn:aws:iam::123456789012:role/x',
      sourceArn: KINESIS_SOURCE,
      type: 'redis',
    })
    assert.ok(!result.ok)
    assert.equal(result.id, 'r')
    assert.equal(
      result.reason,
      "'role' and 'region' do not apply to redis targets (reached inside the VPC): remove them with `kinesis-fanout update --no-destination-role-arn --no-destination-region`",
    )
    const regionOnly = parseMappingItem({active: true, destination: 'cache.example:11211', id: 'm', region: 'us-west-2', sourceArn: KINESIS_SOURCE, type: 'memcached'})
    assert.ok(!regionOnly.ok)
    assert.match(regionOnly.reason, /do not apply to memcached targets/)
  })

  it('validates destinations per type', () => {
    assert.equal(destinationProblem('sqs', 'http://localhost:4566/000000000000/q'), undefined)
    assert.equal(destinationProblem('es', 'search-x.us-east-1.es.amazonaws.com#logs/events'), undefined)
    assert.equal(destinationProblem('es', 'http://127.0.0.1:9200#events'), undefined)
    assert.equal(destinationProblem('iot', 'abc-ats.iot.us-east-1.amazonaws.com#sensors/1'), undefined)
    assert.equal(destinationProblem('redis', 'rediss://:secret@cache.example:6380/0'), undefined)
    assert.equal(destinationProblem('memcached', 'a.cfg.use1.cache.amazonaws.com:11211,b:11211'), undefined)
    assert.equal(destinationProblem('lambda', 'arn:aws-cn:lambda:cn-north-1:123456789012:function:f:live'), undefined)
    assert.match(destinationProblem('sns', 'my-topic') ?? '', /is not a topic ARN/)
    assert.match(destinationProblem('sqs', 'my-queue') ?? '', /is not a queue URL/)
    assert.match(destinationProblem('es', 'search-x.es.amazonaws.com') ?? '', /endpoint#index/)
    assert.match(destinationProblem('memcached', 'host-without-port') ?? '', /host:port/)
  })

  it('writes items with the attribute names and types of the table format', () => {
    const mapping = parsed(bashRow({appendNewlines: false, convertDDB: true, sourceArn: DDB_SOURCE}))
    const item = mappingToItem(mapping)
    assert.deepEqual(item, {
      active: true,
      collapse: 'none',
      convertDDB: true,
      destination: 'https://sqs.us-east-1.amazonaws.com/123456789012/out',
      id: 'to-sqs',
      parallel: true,
      sourceArn: DDB_SOURCE,
      type: 'sqs',
    })
    assert.deepEqual(parsed(item), mapping)
  })
})
