import {strict as assert} from 'node:assert'
import {parseMappingItem, type MappingItem} from '../../../runtime/mapping/schema.js'
import {renderMappingList, storedItems} from '../../../src/mappings/list-view.js'

const K = 'arn:aws:kinesis:us-east-1:123456789012:stream/a'
const D = 'arn:aws-cn:dynamodb:cn-north-1:123456789012:table/tbl/stream/2026-01-01T00:00:00.000'
const row = (item: MappingItem) => ({item, parsed: parseMappingItem(item)})

describe('list view', () => {
  it('groups by source, shows each property, and invalid rows with their reason', () => {
    const text = renderMappingList(
      [
        row({active: true, collapse: 'none', destination: 'out', id: 'k', sourceArn: K, type: 'kinesis'}),
        row({active: false, destination: 'f', deaggregate: true, id: 'f', parallel: false, appendNewlines: true, sourceArn: K, type: 'firehose', region: 'eu-west-1'}),
        row({active: true, destination: 'h:1', id: 'bad', sourceArn: D, type: 'redis', parallel: 'yes'}),
      ],
      'none',
    )
    const lines = text.split('\n')
    assert.equal(lines[0], `Source ${K}: 2 mappings, 1 active`)
    assert.match(lines[1], /^ID\s+TYPE\s+ACTIVE\s+DESTINATION\s+COLLAPSE\s+ORDER\s+FILTER\s+OPTIONS$/)
    assert.match(lines[2], /^k\s+kinesis\s+yes\s+out\s+-\s+parallel\s+-\s+-$/)
    assert.match(lines[3], /^f\s+firehose\s+no\s+f\s+-\s+ordered\s+-\s+region=eu-west-1 deaggregate appendNewlines$/)
    assert.ok(lines.includes(`Source ${D}: 1 mapping, 0 active`))
    assert.match(text, /^bad\s+redis\s+-\s+h:1.*INVALID: 'parallel' must be a boolean \(BOOL\), found a string$/m)
    assert.match(text, /1 invalid row: the function skips it/)
    // No sns/sqs/iot row groups records: no note.
    assert.doesNotMatch(text, /Bash-era/)
  })

  it('points out sns/sqs/iot rows whose collapse groups records, not those with none', () => {
    const text = renderMappingList(
      [
        row({active: true, collapse: 'none', destination: 'arn:aws:sns:us-east-1:123456789012:t', id: 'one', sourceArn: K, type: 'sns'}),
        row({active: true, collapse: 'concat', destination: 'e.iot.us-east-1.amazonaws.com#t', id: 'cat', sourceArn: K, type: 'iot'}),
      ],
      'none',
    )
    assert.match(text, /^one\s+sns\s+yes\s+\S+\s+none\s+parallel/m)
    assert.match(text, /^cat\s+iot\s+yes\s+\S+\s+concat \*\s+parallel/m)
    assert.match(text, /Bash-era function sent one message per record/)
  })

  it('points out only rows whose collapse this CLI did not write (no collapseSetBy): Bash-era and hand-written ones', () => {
    const topic = 'arn:aws:sns:us-east-1:123456789012:t'
    const ours = renderMappingList([row({active: true, collapse: 'JSON', collapseSetBy: 'kinesis-fanout', destination: topic, id: 'ours', sourceArn: K, type: 'sns'})], 'none')
    assert.match(ours, /^ours\s+sns\s+yes\s+\S+\s+JSON\s+parallel\s+-\s+-$/m, 'no * and no marker among the options')
    assert.doesNotMatch(ours, /Bash-era|collapseSetBy/)
    const mixed = renderMappingList(
      [
        row({active: true, collapse: 'JSON', collapseSetBy: 'kinesis-fanout', destination: topic, id: 'ours', sourceArn: K, type: 'sns'}),
        row({active: true, collapse: 'JSON', destination: topic, id: 'bash', sourceArn: K, type: 'sns'}),
        row({active: true, collapseSetBy: 'someone else', destination: topic, id: 'hand', sourceArn: K, type: 'sns'}),
      ],
      'none',
    )
    assert.match(mixed, /^ours\s+sns\s+yes\s+\S+\s+JSON\s+parallel/m)
    assert.match(mixed, /^bash\s+sns\s+yes\s+\S+\s+JSON \*\s+parallel/m)
    assert.match(mixed, /^hand\s+sns\s+yes\s+\S+\s+JSON \(default\) \*\s+parallel/m)
    assert.match(mixed, /--id bash --collapse none/)
    assert.doesNotMatch(mixed, /--id ours/)
  })

  it('shows filters shortened, the new properties, and no secret; --json items are redacted but filters whole', () => {
    const filter = '{"data":{"type":["order"],"customer":{"tier":["gold","platinum"]}}}'
    const item = {
      active: true, destination: 'rediss://app:hunter2@cache.example:6380', filter, id: 'r', parkAfter: 300, sourceArn: K, type: 'redis',
    }
    const text = renderMappingList([row(item), row({...item, destination: 'out', externalId: 'ext-secret', filter: undefined, id: 'k', partitionKey: '${data.id}', role: 'arn:aws:iam::123456789012:role/r', type: 'kinesis'})], 'none')
    assert.doesNotMatch(text, /hunter2|ext-secret/)
    assert.match(text, /^r\s+redis\s+yes\s+rediss:\/\/app:\*\*\*\*@cache\.example:6380\s+-\s+parallel\s+\{"data":\{"type":\["order"\],"customer":\{"…\s+parkAfter=5m$/m)
    assert.match(text, /^k\s+kinesis.*role=arn:aws:iam::123456789012:role\/r externalId=\*\*\*\* parkAfter=5m partitionKey=\$\{data\.id\}$/m)
    const [json] = storedItems([row(item)])
    assert.equal(json.filter, filter)
    assert.equal(json.destination, 'rediss://app:****@cache.example:6380')
  })

  it('quotes the suggested follow-up commands for ids a shell would split', () => {
    const text = renderMappingList([row({active: true, collapse: 'JSON', destination: 'arn:aws:sns:us-east-1:123456789012:t', id: "it's mine", sourceArn: K, type: 'sns'})], 'none')
    assert.ok(text.includes(`kinesis-fanout update --source-arn ${K} --id 'it'\\''s mine' --collapse none`), text)
  })

  it('with the function\'s hooks, says on each source line how the function reads it', () => {
    const bySource = new Map([[K, [{consumer: 'efo', state: 'Enabled'}, {state: 'Disabled'}]]])
    const text = renderMappingList(
      [row({active: true, destination: 'out', id: 'k', sourceArn: K, type: 'kinesis'}), row({active: true, destination: 'out', id: 'd', sourceArn: D, type: 'kinesis'})],
      'none',
      {bySource, functionName: 'fanout'},
    )
    assert.ok(text.includes(`Source ${K}: 1 mapping, 1 active; hooked to fanout via consumer efo (enabled) and (shared throughput, disabled)\n`), text)
    assert.ok(text.includes(`Source ${D}: 1 mapping, 1 active; not hooked to fanout\n`), text)
  })

  it('says so when there is nothing to list', () => {
    assert.equal(renderMappingList([], 'No mappings.'), 'No mappings.')
  })
})
