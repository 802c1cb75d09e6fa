// The es target's pure parts: destinations (scheme, port, Bash-era doctype, AWS host names of every
// partition, Serverless) and the NDJSON lines each record becomes.
import {strict as assert} from 'node:assert'
import {parseEsDestination} from '../../../runtime/targets/es/destination.js'
import {actionLine, bulkEntry, esDocument} from '../../../runtime/targets/es/bulk-body.js'
import {signingRegion} from '../../../runtime/targets/es/client.js'
import {outRecords} from './fixtures.js'

describe('es destination and bulk body', () => {
  it('parses endpoint#index with https by default and the region of an AWS host name', () => {
    assert.deepEqual(parseEsDestination('search-logs-abc123.us-east-1.es.amazonaws.com#logs'), {
      hostRegion: 'us-east-1',
      index: 'logs',
      node: 'https://search-logs-abc123.us-east-1.es.amazonaws.com',
      service: 'es',
    })
    assert.equal(parseEsDestination('search-x-1.cn-north-1.es.amazonaws.com.cn#i').hostRegion, 'cn-north-1')
    assert.equal(parseEsDestination('search-x-1.us-gov-west-1.es.amazonaws.com#i').hostRegion, 'us-gov-west-1')
    assert.deepEqual(parseEsDestination('http://127.0.0.1:9200/#i'), {index: 'i', node: 'http://127.0.0.1:9200', service: 'es'})
  })

  it('accepts the Bash-era endpoint#doctype/index and signs OpenSearch Serverless as aoss', () => {
    const bash = parseEsDestination('search-x-1.eu-west-1.es.amazonaws.com#mytype/myindex')
    assert.deepEqual([bash.index, bash.doctype], ['myindex', 'mytype'])
    const aoss = parseEsDestination('abc123.eu-west-1.aoss.amazonaws.com#idx')
    assert.deepEqual([aoss.service, aoss.hostRegion], ['aoss', 'eu-west-1'])
  })

  it('signs for the mapping region first, then the host region, then the function region', () => {
    const destination = parseEsDestination('search-x-1.eu-west-1.es.amazonaws.com#i')
    assert.equal(signingRegion({region: 'ap-south-1'}, destination), 'ap-south-1')
    assert.equal(signingRegion({}, destination), 'eu-west-1')
    const saved = process.env.AWS_REGION
    process.env.AWS_REGION = 'us-west-2'
    try {
      assert.equal(signingRegion({}, parseEsDestination('http://localhost:9200#i')), 'us-west-2')
    } finally {
      if (saved === undefined) delete process.env.AWS_REGION
      else process.env.AWS_REGION = saved
    }
  })

  it('turns every record into a one-line JSON object', () => {
    const doc = (data: string | Buffer) => esDocument(Buffer.from(data)).toString()
    assert.equal(doc('{"a":1}'), '{"a":1}')
    assert.equal(doc('  {"big":123456789012345678901}\n'), '{"big":123456789012345678901}', 'digits kept, outer whitespace trimmed')
    assert.equal(doc('{\r\n"a": "b"\r\n}'), '{  "a": "b"  }')
    assert.equal(doc('hello'), '{"data":"hello"}')
    assert.equal(doc('42'), '{"data":42}')
    assert.equal(doc('[1,\n2]'), '{"data":[1, 2]}')
    assert.equal(doc('line1\nline2'), '{"data":"line1\\nline2"}')
    assert.equal(doc(Buffer.from([0xc3, 0x28])), '{"data":"wyg=","encoding":"base64"}')
    for (const text of ['{"a":1}', 'x\ny', '[1,\n2]']) assert.ok(!doc(text).includes('\n'))
  })

  it('writes index actions with the key as _id (escaped), none for an empty key', () => {
    const [quoted, empty] = outRecords([
      {data: '{}', key: 'a"b\\c'},
      {data: '{}', key: ''},
    ])
    assert.equal(actionLine(quoted).toString(), '{"index":{"_id":"a\\"b\\\\c"}}\n')
    assert.equal(actionLine(empty).toString(), '{"index":{}}\n')
    assert.equal(bulkEntry(quoted).lines.toString(), '{"index":{"_id":"a\\"b\\\\c"}}\n{}\n')
  })
})
