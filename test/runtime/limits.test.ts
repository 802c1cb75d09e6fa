import assert from 'node:assert/strict'
import {readFileSync, readdirSync} from 'node:fs'
import {fileURLToPath} from 'node:url'
import {SERVICE_LIMITS} from '../../runtime/limits.js'

const RUNTIME = fileURLToPath(new URL('../../runtime/', import.meta.url))

describe('service limits', () => {
  it('holds the documented API limits', () => {
    assert.deepEqual(
      [SERVICE_LIMITS.kinesis.maxEntriesPerCall, SERVICE_LIMITS.firehose.maxEntriesPerCall, SERVICE_LIMITS.firehose.maxBytesPerCall],
      [500, 500, 4 * 1024 * 1024],
    )
    assert.deepEqual([SERVICE_LIMITS.sqs.maxEntriesPerCall, SERVICE_LIMITS.sqs.maxEntryBytes], [10, 1024 * 1024])
    assert.deepEqual([SERVICE_LIMITS.sns.maxEntriesPerCall, SERVICE_LIMITS.sns.maxEntryBytes], [10, 256 * 1024])
    assert.ok(SERVICE_LIMITS.lambda.maxBytesPerCall <= 1024 * 1024)
  })

  it('is the only place where my targets take sizes and counts from', () => {
    for (const file of ['kinesis.ts', 'firehose.ts', 'sqs.ts', 'sns.ts', 'lambda.ts']) {
      const text = readFileSync(`${RUNTIME}targets/${file}`, 'utf8')
      assert.match(text, /SERVICE_LIMITS\./, file)
      // No API sizes written out (1024 * ..., 262144, 500 entries, 10 entries).
      assert.doesNotMatch(text.replace(/\/\/.*$/gm, ''), /\b(1024|262144|1048576|500|10)\b/, file)
    }
    assert.ok(readdirSync(`${RUNTIME}targets`).includes('registry.ts'))
  })
})
