// The packaged zip's handler, in a child process, delivering to kinesalite streams with its
// mappings in a dynalite table: records read back and compared byte for byte.
import assert from 'node:assert/strict'
import {QueryCommand, type DynamoDBClient} from '@aws-sdk/client-dynamodb'
import type {KinesisClient} from '@aws-sdk/client-kinesis'
import {startDynalite, startKinesalite, type Emulator} from '../helpers/emulators.js'
import {dynamodbEvent, dynamodbStreamArn, kinesisEvent, kinesisStreamArn, sequenceNumber, snsEvent, snsTopicArn} from '../helpers/events.js'
import {aggregate} from '../helpers/kpl.js'
import {invokePackaged, jsonLogs} from '../helpers/zip-handler.js'
import {createMappingTable, createStream, dynamo, kinesis, putRow, readStream, suffix} from './fixtures.js'

type Result = {batchItemFailures: Array<{itemIdentifier: string}>}

describe('packaged handler → Kinesis (kinesalite, dynalite)', function () {
  this.timeout(120_000)
  let kinesalite: Emulator
  let dynalite: Emulator
  let ddb: DynamoDBClient
  let kin: KinesisClient
  const table = `fanoutTargets-${suffix()}`
  let env: Record<string, string>

  before(async () => {
    ;[kinesalite, dynalite] = await Promise.all([startKinesalite(), startDynalite()])
    ddb = dynamo(dynalite.endpoint)
    kin = kinesis(kinesalite.endpoint)
    await createMappingTable(ddb, table)
    env = {AWS_ENDPOINT_URL_DYNAMODB: dynalite.endpoint, AWS_ENDPOINT_URL_KINESIS: kinesalite.endpoint, FANOUT_TABLE: table}
  })
  after(async () => {
    ddb?.destroy()
    kin?.destroy()
    await Promise.all([kinesalite?.close(), dynalite?.close()])
  })

  const row = (sourceArn: string, id: string, destination: string, extra: Record<string, unknown> = {}) =>
    putRow(ddb, table, {active: true, destination, id, sourceArn, type: 'kinesis', ...extra})

  it('forwards Kinesis records byte for byte with their partition keys, to every active mapping', async () => {
    const source = kinesisStreamArn(`src-${suffix()}`)
    const [out1, out2, off] = [`out1-${suffix()}`, `out2-${suffix()}`, `off-${suffix()}`]
    await Promise.all([createStream(kin, out1, 2), createStream(kin, out2), createStream(kin, off)])
    await row(source, 'one', out1)
    await row(source, 'two', out2, {parallel: false})
    await row(source, 'inactive', off, {active: false})
    const inputs = [
      {data: Buffer.from('{"hello":"world"}'), partitionKey: 'a'},
      {data: Buffer.from([0, 1, 2, 0xfe, 0xff]), partitionKey: 'b'},
      {data: Buffer.from('é ✓ 🚀'), partitionKey: 'c'},
    ]
    const {results, logs} = await invokePackaged<Result>([kinesisEvent(source, inputs)], {env})
    assert.deepEqual(results, [{ok: true, value: {batchItemFailures: []}}])
    const sortByKey = (records: Array<{partitionKey: string; data: Buffer}>) => [...records].sort((x, y) => x.partitionKey.localeCompare(y.partitionKey))
    for (const stream of [out1, out2]) {
      const got = sortByKey(await readStream(kin, stream))
      assert.deepEqual(got.map((r) => [r.partitionKey, r.data.toString('hex')]), inputs.map((i) => [i.partitionKey, i.data.toString('hex')]), stream)
    }
    assert.deepEqual(await readStream(kin, off), [])
    const metrics = jsonLogs(logs).filter((l) => l._aws && l.Target !== undefined)
    assert.deepEqual(metrics.map((m) => [m.Target, m.RecordsIn, m.Delivered, m.Failed]).sort(), [
      ['one', 3, 3, 0],
      ['two', 3, 3, 0],
    ])
  })

  it('splits KPL aggregates for a mapping with deaggregate, forwards them whole otherwise', async () => {
    const source = kinesisStreamArn(`kpl-${suffix()}`)
    const [split, whole] = [`split-${suffix()}`, `whole-${suffix()}`]
    await Promise.all([createStream(kin, split), createStream(kin, whole)])
    await row(source, 'split', split, {deaggregate: true})
    await row(source, 'whole', whole)
    const users = Array.from({length: 6}, (_, n) => ({data: `user record ${n}`, partitionKey: `user-${n}`}))
    const aggregates = await aggregate(users)
    const {results} = await invokePackaged<Result>([kinesisEvent(source, aggregates)], {env})
    assert.deepEqual(results, [{ok: true, value: {batchItemFailures: []}}])
    assert.deepEqual((await readStream(kin, split)).map((r) => [r.partitionKey, r.data.toString()]), users.map((u) => [u.partitionKey, u.data]))
    assert.deepEqual((await readStream(kin, whole)).map((r) => r.data.toString('hex')), aggregates.map((a) => a.data.toString('hex')))
  })

  it('forwards DynamoDB NewImages (convertDDB) keyed by their key values joined by |', async () => {
    const source = dynamodbStreamArn(`tbl${suffix()}`)
    const [plain, raw] = [`ddb-plain-${suffix()}`, `ddb-raw-${suffix()}`]
    await Promise.all([createStream(kin, plain), createStream(kin, raw)])
    await row(source, 'plain', plain, {convertDDB: true})
    await row(source, 'raw', raw)
    const newImage = {n: {N: '1.5'}, pk: {S: 'user'}, sk: {N: '7'}, tags: {SS: ['a']}}
    const event = dynamodbEvent(source, [{keys: {pk: {S: 'user'}, sk: {N: '7'}}, newImage}, {keys: {pk: {S: 'gone'}, sk: {N: '1'}}}])
    const {results} = await invokePackaged<Result>([event], {env})
    assert.deepEqual(results, [{ok: true, value: {batchItemFailures: []}}])
    assert.deepEqual((await readStream(kin, plain)).map((r) => [r.partitionKey, r.data.toString()]), [
      ['user|7', '{"n":1.5,"pk":"user","sk":7,"tags":["a"]}'],
      ['gone|1', '{}'],
    ])
    assert.deepEqual((await readStream(kin, raw)).map((r) => r.data.toString()), [JSON.stringify(newImage), '{}'])
  })

  it('keys DynamoDB records by the N text of numeric keys: big numbers stay distinct', async () => {
    const source = dynamodbStreamArn(`big${suffix()}`)
    const out = `ddb-big-${suffix()}`
    await createStream(kin, out)
    await row(source, 'big', out, {convertDDB: true})
    // 2^53 + 1 and 2^53 are one JS number: as numbers they shared one partition key.
    const ids = ['9007199254740993', '9007199254740992', '12345678901234567890123456789012345678']
    const event = dynamodbEvent(source, ids.map((id) => ({keys: {id: {N: id}}, newImage: {id: {N: id}}})))
    const {results} = await invokePackaged<Result>([event], {env})
    assert.deepEqual(results, [{ok: true, value: {batchItemFailures: []}}])
    const got = await readStream(kin, out)
    assert.deepEqual(got.map((r) => r.partitionKey), ids)
    // convertDDB turns N into a JS number: digits beyond double precision are lost in the image.
    assert.equal(got[0].data.toString(), '{"id":9007199254740992}')
  })

  it('one event mixing Kinesis, DynamoDB and SNS records: each goes to the mappings of its own source', async () => {
    const [stream, ddbSource, topic] = [kinesisStreamArn(`mix-${suffix()}`), dynamodbStreamArn(`mix${suffix()}`), snsTopicArn(`mix-${suffix()}`)]
    const [fromKinesis, fromDdb, fromSns] = [`mix-k-${suffix()}`, `mix-d-${suffix()}`, `mix-s-${suffix()}`]
    await Promise.all([createStream(kin, fromKinesis), createStream(kin, fromDdb), createStream(kin, fromSns)])
    await row(stream, 'k', fromKinesis)
    await row(ddbSource, 'd', fromDdb)
    await row(topic, 's', fromSns)
    const kinesisRecords = kinesisEvent(stream, [{data: 'k1', partitionKey: 'pk1'}, {data: 'k2', partitionKey: 'pk2'}]).Records
    const ddbRecords = dynamodbEvent(ddbSource, [{keys: {id: {S: 'd1'}}, newImage: {id: {S: 'd1'}}}]).Records
    const snsRecords = snsEvent(topic, ['s1']).Records
    const event = {Records: [kinesisRecords[0], ddbRecords[0], snsRecords[0], kinesisRecords[1]]}
    const {results, logs} = await invokePackaged<Result>([event], {env})
    assert.deepEqual(results, [{ok: true, value: {batchItemFailures: []}}])
    assert.deepEqual((await readStream(kin, fromKinesis)).map((r) => [r.partitionKey, r.data.toString()]), [['pk1', 'k1'], ['pk2', 'k2']])
    assert.deepEqual((await readStream(kin, fromDdb)).map((r) => [r.partitionKey, r.data.toString()]), [['d1', '{"id":{"S":"d1"}}']])
    assert.deepEqual((await readStream(kin, fromSns)).map((r) => [r.partitionKey, r.data.toString()]), [[snsRecords[0].Sns.MessageId, 's1']])
    const metrics = jsonLogs(logs).filter((l) => l._aws && l.Target !== undefined)
    assert.deepEqual(metrics.map((m) => [m.Target, m.RecordsIn, m.Delivered]).sort(), [
      ['d', 1, 1],
      ['k', 2, 2],
      ['s', 1, 1],
    ])
  })

  it('reads every page of a source with many mappings (several Query pages): every active mapping is used', async function () {
    this.timeout(300_000)
    const source = kinesisStreamArn(`paged-${suffix()}`)
    const out = `paged-${suffix()}`
    await createStream(kin, out)
    // 1,200 rows of about 1 KB (an unknown attribute pads them, as rows may carry): well over the
    // 1 MB a Query page holds. Every 100th row is active and points at the stream, the rest are
    // inactive; the active ones are spread over every page.
    const rows = 1200
    const pad = 'p'.repeat(900)
    const active: string[] = []
    for (let start = 0; start < rows; start += 50) {
      await Promise.all(
        Array.from({length: 50}, (_, k) => {
          const n = start + k
          const id = `m-${String(n).padStart(4, '0')}`
          const on = n % 100 === 99
          if (on) active.push(id)
          return putRow(ddb, table, {active: on, destination: out, id, note: pad, sourceArn: source, type: 'kinesis'})
        }),
      )
    }
    const firstPage = await ddb.send(
      new QueryCommand({ExpressionAttributeValues: {':s': {S: source}}, KeyConditionExpression: 'sourceArn = :s', TableName: table}),
    )
    assert.ok(firstPage.LastEvaluatedKey && (firstPage.Count ?? 0) < rows, 'the rows take more than one Query page')
    const {results, logs} = await invokePackaged<Result>([kinesisEvent(source, [{data: 'x', partitionKey: 'p'}])], {env: {...env, FANOUT_LOG_LEVEL: 'debug'}})
    assert.deepEqual(results, [{ok: true, value: {batchItemFailures: []}}])
    const lines = jsonLogs(logs)
    const loaded = lines.find((l) => l.message === 'mappings loaded')
    assert.equal(loaded?.rows, rows, 'every row of every page was read')
    assert.deepEqual(lines.filter((l) => l._aws && l.Target !== undefined).map((m) => m.Target).sort(), active.sort())
    assert.equal((await readStream(kin, out)).length, active.length)
  })

  it('forwards SNS-wrapped records (mappings keyed by the topic ARN), keyed by message id', async () => {
    const topic = snsTopicArn(`wrapped-${suffix()}`)
    const out = `sns-out-${suffix()}`
    await createStream(kin, out)
    await row(topic, 'from-sns', out)
    const event = snsEvent(topic, ['{"via":"sns"}'])
    const {results} = await invokePackaged<Result>([event], {env})
    assert.deepEqual(results, [{ok: true, value: {batchItemFailures: []}}])
    assert.deepEqual((await readStream(kin, out)).map((r) => [r.partitionKey, r.data.toString()]), [[event.Records[0].Sns.MessageId, '{"via":"sns"}']])
  })

  it('bad input: invalid base64, an oversized record, an unknown type and a wrongly typed row are logged and skipped', async () => {
    const source = kinesisStreamArn(`bad-${suffix()}`)
    const out = `bad-out-${suffix()}`
    await createStream(kin, out)
    await row(source, 'good', out)
    await row(source, 'pigeon', 'somewhere', {type: 'carrier-pigeon'})
    await putRow(ddb, table, {destination: out, id: 'typed-wrong', sourceArn: source, type: 'kinesis'}, {active: {S: 'true'}})
    const event = kinesisEvent(source, ['first', {data: '', rawData: 'this is not base64!'}, {data: Buffer.alloc(1024 * 1024 + 1, 0x61)}, 'last'])
    const {results, logs} = await invokePackaged<Result>([event], {env})
    assert.deepEqual(results, [{ok: true, value: {batchItemFailures: []}}])
    assert.deepEqual((await readStream(kin, out)).map((r) => r.data.toString()), ['first', 'last'])
    const lines = jsonLogs(logs)
    const invalid = lines.filter((l) => l.message === 'invalid mapping skipped')
    assert.deepEqual(invalid.map((l) => l.id).sort(), ['pigeon', 'typed-wrong'])
    const skipped = lines.filter((l) => l.message === 'record skipped')
    assert.deepEqual(skipped.map((l) => l.sequenceNumber), [sequenceNumber(2), sequenceNumber(3)])
    assert.match(String(skipped[0].reason), /base64/)
    assert.equal(skipped[1].mapping, 'good')
    const metric = lines.find((l) => l._aws && l.Target === 'good')
    assert.deepEqual([metric?.RecordsIn, metric?.Delivered, metric?.Skipped, metric?.Failed], [4, 2, 2, 0])
  })

  it('reports the earliest record when a target fails, while the other target still gets everything', async () => {
    const source = kinesisStreamArn(`fail-${suffix()}`)
    const out = `ok-out-${suffix()}`
    await createStream(kin, out)
    await row(source, 'ok', out)
    await row(source, 'missing', `does-not-exist-${suffix()}`)
    const {results, logs} = await invokePackaged<Result>([kinesisEvent(source, ['a', 'b'], 10)], {env})
    assert.deepEqual(results, [{ok: true, value: {batchItemFailures: [{itemIdentifier: sequenceNumber(10)}]}}])
    assert.deepEqual((await readStream(kin, out)).map((r) => r.data.toString()), ['a', 'b'])
    // Without a parking bucket, a stream that does not exist blocks its mapping (refused: retrying cannot fix it).
    assert.ok(jsonLogs(logs).some((l) => String(l.message).startsWith('target refused') && String(l.error).includes('ResourceNotFound')))
  })

  it('reports the first record when the configuration table cannot be read', async () => {
    const source = kinesisStreamArn(`notable-${suffix()}`)
    const {results, logs} = await invokePackaged<Result>([kinesisEvent(source, ['a', 'b'], 5)], {env: {...env, FANOUT_TABLE: `missing-${suffix()}`}})
    assert.deepEqual(results, [{ok: true, value: {batchItemFailures: [{itemIdentifier: sequenceNumber(5)}]}}])
    assert.ok(jsonLogs(logs).some((l) => String(l.message).startsWith('cannot read the mappings')))
  })

  it('reads the table named <function>Targets when FANOUT_TABLE is unset, across invocations of a warm container', async () => {
    const fn = `fn${suffix()}`
    await createMappingTable(ddb, `${fn}Targets`)
    const source = kinesisStreamArn(`ttl-${suffix()}`)
    const out = `ttl-out-${suffix()}`
    await createStream(kin, out)
    await putRow(ddb, `${fn}Targets`, {active: true, destination: out, id: 'm', sourceArn: source, type: 'kinesis'})
    const {results} = await invokePackaged<Result>([kinesisEvent(source, ['x'], 1), kinesisEvent(source, ['y'], 2)], {
      env: {AWS_ENDPOINT_URL_DYNAMODB: dynalite.endpoint, AWS_ENDPOINT_URL_KINESIS: kinesalite.endpoint, FANOUT_CONFIG_TTL_SECONDS: '60'},
      functionName: fn,
    })
    assert.equal(results.length, 2)
    assert.deepEqual((await readStream(kin, out)).map((r) => r.data.toString()), ['x', 'y'])
  })
})
