import {strict as assert} from 'node:assert'
import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {runLocally} from '../../../src/local-run/local-runner.js'
import {startHandlerHost, type HandlerHost, type InvokeOutcome} from '../../../src/local-run/handler-host.js'
import {FakeShards} from '../tail/fake-shards.js'

const FAST = {discoveryIntervalMs: 50, idleIntervalMs: 10, minIntervalMs: 2, throttleBaseMs: 5, throttleMaxMs: 20}
type Event = {Records: Array<{kinesis: {sequenceNumber: string; data: string}}>}

function fakeHost(answer: (event: Event, call: number) => InvokeOutcome): HandlerHost & {events: Event[]} {
  const events: Event[] = []
  return {
    async close() {},
    events,
    async invoke(event) {
      events.push(event as Event)
      return answer(event as Event, events.length)
    },
  }
}

const texts = (event: Event) => event.Records.map((r) => Buffer.from(r.kinesis.data, 'base64').toString())

describe('local-run loop', () => {
  it('hands each shard batch to the handler as a Lambda event and reads again from the earliest reported failure', async () => {
    const source = new FakeShards([{closed: true, parentShardIds: [], shardId: 'shardId-000000000000'}])
    source.add('shardId-000000000000', 'a', 'b', 'c', 'd')
    const host = fakeHost((event, call) =>
      call === 1
        ? {ok: true, value: {batchItemFailures: [{itemIdentifier: event.Records[3].kinesis.sequenceNumber}, {itemIdentifier: event.Records[2].kinesis.sequenceNumber}]}}
        : {ok: true, value: {batchItemFailures: []}},
    )
    const summary = await runLocally(source, host, {batchSize: 10, follow: false, maxAttempts: 3, pacing: FAST, start: {kind: 'trim-horizon'}, timeoutMs: 1000})
    assert.deepEqual(host.events.map(texts), [['a', 'b', 'c', 'd'], ['c', 'd']], 'nothing before the earliest failure is sent again')
    assert.deepEqual(summary, {invocations: 2, records: 4, retries: 1, shards: 1})
  })

  it('stops with a clear error when the handler keeps failing on the same record', async () => {
    const source = new FakeShards([{closed: true, parentShardIds: [], shardId: 'shardId-000000000000'}])
    source.add('shardId-000000000000', 'a')
    const host = fakeHost(() => ({error: 'Error: boom\n    at stack', ok: false}))
    await assert.rejects(
      runLocally(source, host, {batchSize: 10, follow: false, maxAttempts: 2, pacing: FAST, start: {kind: 'trim-horizon'}, timeoutMs: 1000}),
      /The handler failed 2 times on Kinesis stream 'fake', shard shardId-000000000000, from sequence number 0000000: Error: boom$/,
    )
    assert.equal(host.events.length, 2)
  })

  it('runs a bundle in a worker with its own environment and captures its log lines', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fanout-host-'))
    const bundle = join(dir, 'index.mjs')
    writeFileSync(
      bundle,
      `export const handler = async (event, context) => {
        console.log(JSON.stringify({level: 'info', message: 'got', table: process.env.FANOUT_TABLE}))
        if (event.fail) throw new Error('asked to fail')
        return {batchItemFailures: [], left: context.getRemainingTimeInMillis() > 0, name: context.functionName}
      }`,
    )
    const lines: string[] = []
    const host = await startHandlerHost({bundlePath: bundle, env: {FANOUT_TABLE: 'localTargets'}, functionName: 'fn', onLog: (line) => lines.push(line)})
    try {
      assert.deepEqual(await host.invoke({Records: []}, 5000), {ok: true, value: {batchItemFailures: [], left: true, name: 'fn'}})
      const failed = await host.invoke({fail: true}, 5000)
      assert.equal(failed.ok, false)
      assert.match((failed as {error: string}).error, /asked to fail/)
      await new Promise((resolve) => setTimeout(resolve, 50))
      assert.deepEqual(JSON.parse(lines[0]), {level: 'info', message: 'got', table: 'localTargets'})
      assert.equal(process.env.FANOUT_TABLE, undefined, 'the CLI process environment is untouched')
    } finally {
      await host.close()
    }
  })
})
