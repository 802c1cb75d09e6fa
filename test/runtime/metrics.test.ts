import assert from 'node:assert/strict'
import {createMetricsSink, emfLine, emfSourceLine} from '../../runtime/metrics.js'

describe('metrics (Embedded Metric Format)', () => {
  const metrics = {deduplicated: 2, delivered: 8, durationMs: 12, failed: 1, filtered: 4, parked: 5, recordsIn: 10, retried: 3, skipped: 1, source: 'arn:src', target: 'm1', targetType: 'sqs'}

  it('writes one EMF document with the counts as metrics and Source/Target/TargetType as dimensions', () => {
    const doc = JSON.parse(emfLine('Custom/FanOut', metrics, 1_700_000_000_000))
    assert.deepEqual(doc._aws, {
      CloudWatchMetrics: [
        {
          Dimensions: [['Source', 'Target', 'TargetType']],
          Metrics: [
            {Name: 'RecordsIn', Unit: 'Count'},
            {Name: 'Delivered', Unit: 'Count'},
            {Name: 'Retried', Unit: 'Count'},
            {Name: 'Failed', Unit: 'Count'},
            {Name: 'Skipped', Unit: 'Count'},
            {Name: 'Parked', Unit: 'Count'},
            {Name: 'Filtered', Unit: 'Count'},
            {Name: 'Deduplicated', Unit: 'Count'},
            {Name: 'DurationMs', Unit: 'Milliseconds'},
          ],
          Namespace: 'Custom/FanOut',
        },
      ],
      Timestamp: 1_700_000_000_000,
    })
    assert.deepEqual(
      [doc.Source, doc.Target, doc.TargetType, doc.RecordsIn, doc.Delivered, doc.Retried, doc.Failed, doc.Skipped, doc.Parked, doc.Filtered, doc.Deduplicated, doc.DurationMs],
      ['arn:src', 'm1', 'sqs', 10, 8, 3, 1, 1, 5, 4, 2, 12],
    )
  })

  it('writes one line per call to the sink', () => {
    const lines: string[] = []
    createMetricsSink('NS', (l) => lines.push(l))(metrics)
    assert.equal(lines.length, 1)
    assert.ok(!lines[0].includes('\n'))
    assert.equal(JSON.parse(lines[0])._aws.CloudWatchMetrics[0].Namespace, 'NS')
  })

  it('writes InvalidMappings per source, with Source as the only dimension', () => {
    const doc = JSON.parse(emfSourceLine('Custom/FanOut', {invalidMappings: 2, source: 'arn:src'}, 1))
    assert.deepEqual(doc._aws.CloudWatchMetrics, [{Dimensions: [['Source']], Metrics: [{Name: 'InvalidMappings', Unit: 'Count'}], Namespace: 'Custom/FanOut'}])
    assert.deepEqual([doc.Source, doc.InvalidMappings], ['arn:src', 2])
  })
})
