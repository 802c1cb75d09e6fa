import {strict as assert} from 'node:assert'
import {tailStream} from '../../../src/tail/tail-service.js'
import type {Mapping} from '../../../runtime/mapping/schema.js'
import {FakeShards} from './fake-shards.js'

const FAST = {discoveryIntervalMs: 50, idleIntervalMs: 20, minIntervalMs: 5, throttleBaseMs: 10, throttleMaxMs: 40}

/** Three open shards of three records each, read at the same time. */
function threeShards(): FakeShards {
  const source = new FakeShards(['0', '1', '2'].map((n) => ({closed: false, parentShardIds: [], shardId: `shardId-00000000000${n}`})))
  for (const {shardId} of source.shards) source.add(shardId, `{"shard":"${shardId}","n":0}`, `{"n":1}`, `{"n":2}`)
  return source
}

const kinesisMapping: Mapping = {
  active: true,
  appendNewlines: false,
  convertDDB: false,
  deaggregate: false,
  destination: 'copy',
  id: 'copy',
  parallel: true,
  sourceArn: 'arn:aws:kinesis:us-east-1:123456789012:stream/fake',
  type: 'kinesis',
}

describe('tailStream', () => {
  for (const target of [undefined, kinesisMapping]) {
    it(`--max stops after that many records across shards read concurrently${target ? ' (with --target)' : ''}`, async () => {
      const lines: string[] = []
      const summary = await tailStream(
        threeShards(),
        {color: false, convertDDB: false, deaggregate: true, follow: true, format: 'json', max: 2, pacing: FAST, start: {kind: 'trim-horizon'}, target},
        {note: () => {}, write: (text) => void lines.push(text)},
      )
      assert.equal(lines.length, 2, lines.join('\n'))
      assert.equal(summary.shown, 2)
      assert.equal(summary.stoppedBy, 'max')
    })
  }
})
