import {strict as assert} from 'node:assert'
import {parseDuration, parseStartPosition} from '../../../src/tail/start-position.js'

describe('tail start position', () => {
  const now = new Date('2026-05-01T12:00:00Z')

  it('defaults to latest and knows trim-horizon in either spelling', () => {
    assert.deepEqual(parseStartPosition({}, now), {kind: 'latest'})
    assert.deepEqual(parseStartPosition({from: 'trim-horizon'}, now), {kind: 'trim-horizon'})
    assert.deepEqual(parseStartPosition({from: 'TRIM_HORIZON'}, now), {kind: 'trim-horizon'})
  })

  it('reads ISO times, a time without offset as UTC, a bare date as midnight UTC', () => {
    assert.equal((parseStartPosition({from: '2026-05-01T10:30:00+02:00'}, now) as {at: Date}).at.toISOString(), '2026-05-01T08:30:00.000Z')
    assert.equal((parseStartPosition({from: '2026-05-01T10:30:00'}, now) as {at: Date}).at.toISOString(), '2026-05-01T10:30:00.000Z')
    assert.equal((parseStartPosition({from: '2026-04-30'}, now) as {at: Date}).at.toISOString(), '2026-04-30T00:00:00.000Z')
  })

  it('turns --since into a time that long before now', () => {
    assert.equal(parseDuration('10m'), 600_000)
    assert.equal(parseDuration('1h30m'), 5_400_000)
    assert.equal(parseDuration('soon'), undefined)
    assert.equal((parseStartPosition({since: '90s'}, now) as {at: Date}).at.toISOString(), '2026-05-01T11:58:30.000Z')
  })

  it('refuses nonsense and the future with the flag named', () => {
    assert.throws(() => parseStartPosition({from: 'yesterday'}, now), /Invalid --from 'yesterday'/)
    assert.throws(() => parseStartPosition({from: '2026-05-02T00:00:00Z'}, now), /in the future/)
    assert.throws(() => parseStartPosition({since: '10 minutes'}, now), /Invalid --since/)
  })
})
