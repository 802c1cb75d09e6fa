import assert from 'node:assert/strict'
import {PARKED_PREFIX, parkedObjectKey, parkedPrefix, parseParkedObjectKey} from '../../../runtime/parking/object-key.js'

const SOURCE = 'arn:aws:kinesis:eu-west-1:123456789012:stream/orders'
const parkedAt = new Date('2026-03-04T05:06:07.089Z')

describe('parked object keys', () => {
  it('lays keys out as docs/runtime.md says: encoded source and id, UTC hour, time-shard-sequence-count', () => {
    const key = parkedObjectKey({count: 12, firstSequenceNumber: '49590000000000000000000000000000000000000000000000000001', mappingId: 'to queue/1', parkedAt, shardId: 'shardId-000000000003', sourceArn: SOURCE})
    assert.equal(
      key,
      'parked/arn%3Aaws%3Akinesis%3Aeu-west-1%3A123456789012%3Astream%2Forders/to%20queue%2F1/2026/03/04/05/2026-03-04T05:06:07.089Z-shardId-000000000003-49590000000000000000000000000000000000000000000000000001-12.jsonl.gz',
    )
    assert.ok(key.startsWith(PARKED_PREFIX))
    assert.ok(key.startsWith(parkedPrefix(SOURCE, 'to queue/1')))
    assert.ok(parkedPrefix(SOURCE, 'to queue/1').startsWith(parkedPrefix(SOURCE)))
  })

  it('uses UTC for the hour folders whatever the local time zone', () => {
    const key = parkedObjectKey({count: 1, firstSequenceNumber: '1', mappingId: 'm', parkedAt: new Date('2026-12-31T23:59:59.999Z'), shardId: 'shardId-000000000000', sourceArn: SOURCE})
    assert.match(key, /\/2026\/12\/31\/23\/2026-12-31T23:59:59\.999Z-/)
  })

  for (const [what, shardId, firstSequenceNumber] of [
    ['Kinesis', 'shardId-000000000007', '49590000000000000000000000000000000000000000000000000042'],
    ['DynamoDB (no shard in the event)', 'unsharded', '100000000001'],
    ['SNS (a UUID as sequence)', 'unsharded', '00000000-0000-4000-8000-000000000001'],
    ['an odd shard id', 'shard/with-dash', 'seq-1'],
    ['a Kinesis-like shard id with more hyphens', 'shardId-a-b', '7'],
  ] as const) {
    it(`round-trips through parseParkedObjectKey: ${what}`, () => {
      const parts = {count: 500, firstSequenceNumber, mappingId: 'id-with-dash_and.dots', parkedAt, shardId, sourceArn: SOURCE}
      assert.deepEqual(parseParkedObjectKey(parkedObjectKey(parts)), parts)
    })
  }

  it('rejects keys it did not write', () => {
    for (const key of [
      'other/x',
      'parked/a/b/2026/03/04/05/file.txt',
      'parked/a/b/2026/03/04/2026-03-04T05:06:07.089Z-s-1-2.jsonl.gz',
      'parked/a/b/2026/03/04/05/2026-03-04T05:06:07.089Z-s-1-x.jsonl.gz',
      'parked/%E0%A4%A/b/2026/03/04/05/2026-03-04T05:06:07.089Z-s-1-2.jsonl.gz',
    ]) assert.equal(parseParkedObjectKey(key), undefined, key)
  })

  it('refuses an empty count or an invalid date', () => {
    assert.throws(() => parkedObjectKey({count: 0, firstSequenceNumber: '1', mappingId: 'm', parkedAt, shardId: 's', sourceArn: SOURCE}), /count/)
    assert.throws(() => parkedObjectKey({count: 1, firstSequenceNumber: '1', mappingId: 'm', parkedAt: new Date('x'), shardId: 's', sourceArn: SOURCE}), /date/)
  })
})
