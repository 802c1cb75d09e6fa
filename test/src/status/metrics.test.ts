import {strict as assert} from 'node:assert'
import type {CloudWatchClient} from '@aws-sdk/client-cloudwatch'
import {buildQueries, MAX_QUERIES_PER_CALL, periodFor, readMetrics, sparkline} from '../../../src/status/metrics.js'
import {runtimeStatus} from '../../../src/status/runtimes.js'
import {destinationName} from '../../../src/status/destinations.js'

const SOURCE = 'arn:aws:kinesis:eu-west-1:111122223333:stream/orders'

/** A CloudWatch client that answers every query with one data point of 1, over two pages. */
function fakeCloudWatch() {
  const calls: Array<{queries: number; token?: string}> = []
  const client = {
    async send(command: {input: {MetricDataQueries: Array<{Id: string}>; NextToken?: string; StartTime: Date}}) {
      const {MetricDataQueries, NextToken, StartTime} = command.input
      calls.push({queries: MetricDataQueries.length, token: NextToken})
      // First page answers the first half, second page the rest (as CloudWatch may).
      const half = Math.ceil(MetricDataQueries.length / 2)
      const page = NextToken ? MetricDataQueries.slice(half) : MetricDataQueries.slice(0, half)
      return {
        MetricDataResults: page.map((query) => ({Id: query.Id, Timestamps: [new Date(StartTime.getTime() + 60_000)], Values: [1]})),
        NextToken: NextToken ? undefined : 'more',
      }
    },
  }
  return {calls, client: client as unknown as CloudWatchClient}
}

describe('status metrics (GetMetricData by name and dimensions)', () => {
  it('one query per metric and mapping, Sum, by Source/Target/TargetType; IteratorAge Maximum by FunctionName (and EventSourceMappingUUID)', () => {
    const {queries} = buildQueries({
      end: new Date(),
      iteratorAges: [{functionName: 'fanout', uuid: 'u-1'}, {functionName: 'fanout'}],
      mappings: [{id: 'q', sourceArn: SOURCE, type: 'sqs'}],
      period: 60,
      start: new Date(0),
    })
    assert.equal(queries.length, 5 + 2)
    assert.deepEqual(
      queries.slice(0, 5).map((q) => q.MetricStat!.Metric!.MetricName),
      ['Delivered', 'Failed', 'Parked', 'Skipped', 'Filtered'],
    )
    assert.deepEqual(queries[0].MetricStat, {
      Metric: {
        Dimensions: [
          {Name: 'Source', Value: SOURCE},
          {Name: 'Target', Value: 'q'},
          {Name: 'TargetType', Value: 'sqs'},
        ],
        MetricName: 'Delivered',
        Namespace: 'Custom/FanOut',
      },
      Period: 60,
      Stat: 'Sum',
    })
    assert.deepEqual(queries[5].MetricStat!.Metric!.Dimensions, [
      {Name: 'FunctionName', Value: 'fanout'},
      {Name: 'EventSourceMappingUUID', Value: 'u-1'},
    ])
    assert.equal(queries[6].MetricStat!.Stat, 'Maximum')
    assert.ok(queries.every((q) => !q.Expression), 'no SEARCH or metric math')
  })

  it('splits at 500 queries a call and follows NextToken: 120 mappings = 600 queries in 2 batches of 2 pages', async () => {
    const {calls, client} = fakeCloudWatch()
    const mappings = Array.from({length: 120}, (_, n) => ({id: `m${n}`, sourceArn: SOURCE, type: 'sqs'}))
    const end = new Date()
    const answer = await readMetrics(client, {end, iteratorAges: [], mappings, period: 60, start: new Date(end.getTime() - 3_600_000)})
    assert.equal(answer.queries, 600)
    assert.deepEqual(
      calls.map((c) => [c.queries, c.token ?? null]),
      [
        [MAX_QUERIES_PER_CALL, null],
        [MAX_QUERIES_PER_CALL, 'more'],
        [100, null],
        [100, 'more'],
      ],
    )
    for (const mapping of mappings) {
      const sums = answer.mappings.get(`${SOURCE}\u0000${mapping.id}`)!
      assert.equal(sums.Delivered.sum, 1)
      assert.equal(sums.Filtered.sum, 1)
    }
  })

  it('a metric with no data point sums to 0', async () => {
    const client = {send: async () => ({MetricDataResults: []})} as unknown as CloudWatchClient
    const answer = await readMetrics(client, {
      end: new Date(),
      iteratorAges: [{functionName: 'f'}],
      mappings: [{id: 'q', sourceArn: SOURCE, type: 'sqs'}],
      period: 60,
      start: new Date(Date.now() - 3_600_000),
    })
    assert.deepEqual(
      Object.values(answer.mappings.get(`${SOURCE}\u0000q`)!).map((s) => s.sum),
      [0, 0, 0, 0, 0],
    )
    assert.equal(answer.iteratorAges.get('f\u0000'), undefined)
  })

  it('periods and sparklines', () => {
    assert.equal(periodFor(3_600_000), 120)
    assert.equal(periodFor(600_000), 60)
    assert.equal(sparkline([0, 0, 0]), '▁▁▁')
    assert.equal(sparkline([0, 1, 8]), '▁▂█')
  })

  it('runtimes: deprecated ones are problems, soon-deprecated ones notes', () => {
    const now = new Date('2026-12-01T00:00:00Z')
    assert.equal(runtimeStatus('nodejs18.x', now).deprecated, true)
    assert.equal(runtimeStatus('nodejs20.x', now).deprecated, true)
    assert.deepEqual(runtimeStatus('nodejs22.x', now), {deprecated: false})
    assert.match(runtimeStatus('nodejs22.x', new Date('2027-03-01T00:00:00Z')).message!, /deprecated by Lambda on 2027-04-30/)
    assert.deepEqual(runtimeStatus('python3.12', now), {deprecated: false})
  })

  it('destination names and regions for the resolvers', () => {
    assert.deepEqual(destinationName({destination: 'https://sqs.eu-west-1.amazonaws.com/111122223333/orders', type: 'sqs'}), {name: 'orders', region: 'eu-west-1'})
    assert.deepEqual(destinationName({destination: 'http://localhost:4566/000000000000/q', type: 'sqs'}), {name: 'q', region: undefined})
    assert.deepEqual(destinationName({destination: 'arn:aws:sns:us-west-2:111122223333:topic', type: 'sns'}), {name: 'topic', region: 'us-west-2'})
    assert.deepEqual(destinationName({destination: 'arn:aws:lambda:us-east-1:111122223333:function:f:live', type: 'lambda'}), {name: 'f', region: 'us-east-1'})
    assert.deepEqual(destinationName({destination: 'out', region: 'eu-central-1', type: 'kinesis'}), {name: 'out', region: 'eu-central-1'})
  })
})
