// Filters and key templates in the packaged function, beyond the vector table (docs/filters.md "Filters
// and keys"): each KPL user record matched on its own; DynamoDB patterns on raw and converted
// images; data that is not JSON never matching a `data` pattern; rows with broken patterns written
// by hand skipped with id and reason and counted (InvalidMappings) while the others run; the
// partitionKey template of kinesis targets and its fallback to the source key; the filter before
// collapse; a changed filter after a warm container's reload; filtered records never the retry
// point; templates where they do not apply; SNS-wrapped records.
import assert from 'node:assert/strict'
import {createHash} from 'node:crypto'
import {dynamodbRecord, dynamodbStreamArn, kinesisEvent, kinesisStreamArn, sequenceNumber, snsEvent, snsTopicArn, type AttributeValue} from '../../helpers/events.js'
import {jsonLogs} from '../../helpers/zip-handler.js'
import {aggregate} from '../../helpers/kpl.js'
import {startStandIn} from '../../helpers/aws-standin.js'
import {INVALID_PATTERN_VECTORS} from '../filter/vectors.js'
import {emfDeclaration, emfLines, startPackagedWorld, targetMetric, type PackagedWorld} from './fixture.js'

type Result = {batchItemFailures: Array<{itemIdentifier: string}>}
const OK = {ok: true, value: {batchItemFailures: []}}

describe('filters and key templates in the packaged handler (kinesalite, dynalite)', function () {
  this.timeout(120_000)
  let world: PackagedWorld

  before(async () => {
    world = await startPackagedWorld()
  })
  after(() => world?.close())

  const counts = (logs: string[], target: string) => {
    const metric = targetMetric(logs, target)
    return {delivered: metric?.Delivered, filtered: metric?.Filtered}
  }

  it('KPL: each user record is matched on its own; an aggregate that partly matches delivers exactly the matching user records', async () => {
    const source = kinesisStreamArn(world.name('kpl-src'))
    const users = [
      {data: '{"kind":"order","n":0}', partitionKey: 'keep-0'},
      {data: '{"kind":"refund","n":1}', partitionKey: 'keep-1'},
      {data: '{"kind":"order","n":2}', partitionKey: 'drop-2'},
      {data: 'not json at all', partitionKey: 'keep-3'},
      {data: '{"kind":"order","n":4}', partitionKey: 'keep-4'},
      {data: '{"kind":"refund","n":5}', partitionKey: 'drop-5'},
    ]
    const aggregates = await aggregate(users)
    assert.equal(aggregates.length, 1, 'the user records fit one aggregate')
    const [orders, byKey, bySequence, whole, wholeByKey] = await Promise.all(
      ['kpl-orders', 'kpl-keys', 'kpl-seq', 'kpl-whole', 'kpl-whole-key'].map((name) => world.stream(world.name(name))),
    )
    await world.row(source, 'orders', orders, {deaggregate: true, filter: '{"data":{"kind":["order"]}}'})
    await world.row(source, 'by-key', byKey, {deaggregate: true, filter: '{"partitionKey":[{"prefix":"keep-"}]}'})
    // A user record's sequenceNumber is its aggregate's (docs/filters.md): all of them, not the plain record.
    await world.row(source, 'by-sequence', bySequence, {deaggregate: true, filter: JSON.stringify({sequenceNumber: [sequenceNumber(1)]})})
    // Without deaggregate the mapping receives the aggregate itself: its data is not JSON.
    await world.row(source, 'whole', whole, {filter: '{"data":{"kind":["order"]}}'})
    await world.row(source, 'whole-by-key', wholeByKey, {filter: JSON.stringify({partitionKey: [aggregates[0].partitionKey]})})
    const plain = {data: '{"kind":"order","n":"plain"}', partitionKey: 'keep-plain'}
    const {results, logs} = await world.invoke<Result>([kinesisEvent(source, [aggregates[0], plain])])
    assert.deepEqual(results, [OK])

    const text = (list: Array<{data: string; partitionKey: string}>) => list.map((u): [string, string] => [u.partitionKey, u.data])
    assert.deepEqual(await world.readText(orders), text([users[0], users[2], users[4], plain]))
    assert.deepEqual(await world.readText(byKey), text([users[0], users[1], users[3], users[4], plain]))
    assert.deepEqual(await world.readText(bySequence), text(users))
    assert.deepEqual(await world.readText(whole), text([plain]))
    assert.deepEqual((await world.read(wholeByKey)).map((r) => r.data.toString('hex')), [aggregates[0].data.toString('hex')])

    // Each KPL user record counts once in Filtered.
    assert.deepEqual(counts(logs, 'orders'), {delivered: 4, filtered: 3})
    assert.deepEqual(counts(logs, 'by-key'), {delivered: 5, filtered: 2})
    assert.deepEqual(counts(logs, 'by-sequence'), {delivered: 6, filtered: 1})
    assert.deepEqual(counts(logs, 'whole'), {delivered: 1, filtered: 1})
    assert.deepEqual(counts(logs, 'whole-by-key'), {delivered: 1, filtered: 1})
  })

  it('DynamoDB: raw patterns match attribute-value JSON, converted patterns the plain images (convertDDB), never the other way round', async () => {
    const source = dynamodbStreamArn(world.name('ddbsrc'))
    const record = (n: number, eventName: 'INSERT' | 'MODIFY' | 'REMOVE', id: string, newImage?: Record<string, AttributeValue>, oldImage?: Record<string, AttributeValue>) => {
      const base = dynamodbRecord(source, n, {eventName, keys: {id: {S: id}}, newImage})
      return {...base, dynamodb: {...base.dynamodb, ...(oldImage ? {OldImage: oldImage} : {})}}
    }
    const event = {
      Records: [
        record(1, 'INSERT', 'a', {amount: {N: '42'}, id: {S: 'a'}, status: {S: 'shipped'}, tags: {SS: ['gift']}}),
        record(2, 'MODIFY', 'b', {amount: {N: '7'}, id: {S: 'b'}, status: {S: 'shipped'}}, {amount: {N: '7'}, id: {S: 'b'}, status: {S: 'pending'}}),
        record(3, 'REMOVE', 'c', undefined, {id: {S: 'c'}, status: {S: 'cancelled'}}),
        record(4, 'INSERT', 'd', {amount: {N: '5'}, id: {S: 'd'}, status: {S: 'pending'}}),
      ],
    }
    const rows: Array<[id: string, convertDDB: boolean, filter: unknown, expected: string[]]> = [
      ['raw-shipped', false, {dynamodb: {NewImage: {status: {S: ['shipped']}}}}, ['a', 'b']],
      ['raw-was-pending', false, {dynamodb: {OldImage: {status: {S: ['pending']}}}, eventName: ['MODIFY']}, ['b']],
      ['raw-keys', false, {dynamodb: {Keys: {id: {S: ['c', 'd']}}}}, ['c', 'd']],
      ['raw-remove', false, {eventName: ['REMOVE']}, ['c']],
      // Raw N values are strings: numeric does not match them.
      ['raw-numeric', false, {dynamodb: {NewImage: {amount: {N: [{numeric: ['>', 10]}]}}}}, []],
      ['raw-on-converted', true, {dynamodb: {NewImage: {status: {S: ['shipped']}}}}, []],
      ['converted-shipped', true, {dynamodb: {NewImage: {status: ['shipped']}}}, ['a', 'b']],
      ['converted-numeric', true, {dynamodb: {NewImage: {amount: [{numeric: ['>', 6]}]}}}, ['a', 'b']],
      ['converted-set', true, {dynamodb: {NewImage: {tags: ['gift']}}}, ['a']],
      ['converted-keys', true, {dynamodb: {Keys: {id: [{'anything-but': ['a', 'b']}]}}}, ['c', 'd']],
      ['converted-on-raw', false, {dynamodb: {NewImage: {status: ['shipped']}}}, []],
    ]
    const streams = await Promise.all(rows.map(([id]) => world.stream(world.name(`ddb-${id}`))))
    await Promise.all(rows.map(([id, convertDDB, filter], n) => world.row(source, id, streams[n], {filter: JSON.stringify(filter), ...(convertDDB ? {convertDDB} : {})})))
    const {results, logs} = await world.invoke<Result>([event])
    assert.deepEqual(results, [OK])
    const got = await Promise.all(streams.map(async (stream) => (await world.read(stream)).map((r) => r.partitionKey)))
    assert.deepEqual(
      rows.map(([id], n) => [id, got[n]]),
      rows.map(([id, , , expected]) => [id, expected]),
    )
    for (const [id, , , expected] of rows) assert.deepEqual(counts(logs, id), {delivered: expected.length, filtered: 4 - expected.length}, id)
  })

  it('data that is not JSON never matches a pattern on data (exists:false included), only patterns on the metadata', async () => {
    const source = kinesisStreamArn(world.name('nonjson-src'))
    const inputs = [
      {data: 'kind=order', partitionKey: 'k0'},
      {data: Buffer.from([0xff, 0xfe, 0x00, 0x7b]), partitionKey: 'k1'},
      {data: '{"kind":"order"', partitionKey: 'k2'},
      {data: '{"kind":"order"} trailing', partitionKey: 'k3'},
      {data: 'null', partitionKey: 'k4'},
      {data: '{"kind":"order"}', partitionKey: 'k5'},
      {data: '{"other":1}', partitionKey: 'k6'},
    ]
    const rows: Array<[id: string, filter: unknown, expected: string[]]> = [
      ['order', {data: {kind: ['order']}}, ['k5']],
      // 'null' is JSON: its data is null, which has no kind.
      ['no-kind', {data: {kind: [{exists: false}]}}, ['k4', 'k6']],
      ['any-data', {data: {kind: [{exists: true}]}}, ['k5']],
      ['by-key', {partitionKey: ['k0', 'k1', 'k2', 'k3', 'k4']}, ['k0', 'k1', 'k2', 'k3', 'k4']],
      // As in Lambda: a pattern that names data does not match a record that is not JSON, even
      // through an alternative of $or that does not name it.
      ['key-or-data', {$or: [{partitionKey: ['k0', 'k6']}, {data: {kind: ['order']}}]}, ['k5', 'k6']],
    ]
    const streams = await Promise.all(rows.map(([id]) => world.stream(world.name(`nonjson-${id}`))))
    await Promise.all(rows.map(([id, filter], n) => world.row(source, id, streams[n], {filter: JSON.stringify(filter)})))
    const {results, logs} = await world.invoke<Result>([kinesisEvent(source, inputs)])
    assert.deepEqual(results, [OK])
    const got = await Promise.all(streams.map(async (stream) => (await world.read(stream)).map((r) => r.partitionKey)))
    assert.deepEqual(
      rows.map(([id], n) => [id, got[n]]),
      rows.map(([id, , expected]) => [id, expected]),
    )
    // The bytes go out unchanged when the metadata matches.
    assert.deepEqual((await world.read(streams[3]))[1].data, Buffer.from([0xff, 0xfe, 0x00, 0x7b]))
    for (const [id, , expected] of rows) assert.equal(counts(logs, id).filtered, inputs.length - expected.length, id)
  })

  describe('rows written by hand (PutItem) with a broken pattern', () => {
    const invalid = (rule: string) => INVALID_PATTERN_VECTORS.find((vector) => vector.rule === rule)!
    const bad = [
      ['not-json', invalid('not JSON')],
      ['empty', invalid('the empty pattern {}')],
      ['unknown-op', invalid('an unknown operator')],
      ['leaf-string', invalid('a leaf that is a string')],
      ['too-long', invalid('more than 4,096 characters (spaces count)')],
    ] as const
    let source: string
    let streams: {good: string; plain: string; broken: string}
    let logs: string[]

    before(async () => {
      source = kinesisStreamArn(world.name('broken-src'))
      const [good, plain, broken] = await Promise.all(['broken-good', 'broken-plain', 'broken-out'].map((name) => world.stream(world.name(name))))
      streams = {broken, good, plain}
      for (const [id, vector] of bad) await world.row(source, id, broken, {filter: vector.pattern})
      // A filter of the wrong DynamoDB type (N instead of S).
      await world.row(source, 'typed-wrong', broken, {}, {filter: {N: '5'}})
      await world.row(source, 'good', good, {filter: '{"data":{"kind":["order"]}}'})
      await world.row(source, 'plain', plain)
      const invocation = await world.invoke<Result>([kinesisEvent(source, ['{"kind":"order"}', '{"kind":"refund"}'])])
      assert.deepEqual(invocation.results, [OK])
      logs = invocation.logs
    })

    it('each is skipped with its id and the reason (naming filter), and never run', async () => {
      const skipped = jsonLogs(logs).filter((line) => line.message === 'invalid mapping skipped')
      assert.deepEqual(skipped.map((line) => line.id).sort(), [...bad.map(([id]) => id), 'typed-wrong'].sort())
      for (const [id, vector] of bad) {
        const line = skipped.find((l) => l.id === id)!
        assert.match(String(line.reason), /filter/, `${id}: the reason names the attribute`)
        // The vector's reason, wherever it sits in the line (after "'filter' is invalid: ").
        assert.match(String(line.reason), new RegExp(vector.reason.source.replace(/^\^/, '')), `${id}: the reason says why`)
        assert.equal(line.sourceArn, source)
      }
      assert.deepEqual(await world.readText(streams.broken), [])
      for (const [id] of bad) assert.equal(targetMetric(logs, id), undefined, `${id} is not run`)
      // The unfiltered row of the same source runs as always.
      assert.deepEqual((await world.readText(streams.plain)).map(([, data]) => data), ['{"kind":"order"}', '{"kind":"refund"}'])
    })

    it('the valid filter of the same source still applies', async () => {
      assert.deepEqual((await world.readText(streams.good)).map(([, data]) => data), ['{"kind":"order"}'])
      assert.equal(targetMetric(logs, 'good')?.Filtered, 1)
    })

    it('EMF InvalidMappings counts every skipped row of the source', () => {
      const invalidMetric = emfLines(logs).find((line) => line.Source === source && line.InvalidMappings !== undefined)
      assert.equal(invalidMetric?.InvalidMappings, bad.length + 1)
      const declared = emfDeclaration(invalidMetric!)
      assert.deepEqual([declared.namespace, declared.dimensions, declared.metrics], ['Custom/FanOut', [['Source']], ['InvalidMappings']])
    })
  })

  it('partitionKey templates: the rendered key reaches the kinesis destination; a missing, null, empty, object or non-JSON value falls back to the source key', async () => {
    const source = kinesisStreamArn(world.name('pk-src'))
    const long = 'c'.repeat(300)
    const inputs = [
      {data: '{"customerId":"alice","items":[{"sku":"A-1"}]}', partitionKey: 'src-0'},
      {data: '{"customerId":42}', partitionKey: 'src-1'},
      {data: '{"customerId":true}', partitionKey: 'src-2'},
      {data: '{"other":"x"}', partitionKey: 'src-3'},
      {data: '{"customerId":null}', partitionKey: 'src-4'},
      {data: '{"customerId":""}', partitionKey: 'src-5'},
      {data: '{"customerId":{"id":1}}', partitionKey: 'src-6'},
      {data: '{"customerId":["a"]}', partitionKey: 'src-7'},
      {data: 'customerId=bob', partitionKey: 'src-8'},
      {data: JSON.stringify({customerId: long}), partitionKey: 'src-9'},
    ]
    const [customer, composite, literal, item, filtered] = await Promise.all(['pk-customer', 'pk-composite', 'pk-literal', 'pk-item', 'pk-filtered'].map((n) => world.stream(world.name(n))))
    await world.row(source, 'customer', customer, {partitionKey: '${data.customerId}'})
    await world.row(source, 'composite', composite, {partitionKey: 'c-${data.customerId}/${partitionKey}'})
    await world.row(source, 'literal', literal, {partitionKey: 'x$${y}-${partitionKey}'})
    await world.row(source, 'item', item, {partitionKey: '${data.items.0.sku}'})
    await world.row(source, 'filtered', filtered, {filter: '{"data":{"customerId":[{"exists":true}]}}', partitionKey: 'f-${data.customerId}'})
    const {results} = await world.invoke<Result>([kinesisEvent(source, inputs)])
    assert.deepEqual(results, [OK])

    const keys = async (stream: string) => (await world.readText(stream)).map(([key]) => key)
    // Over 256 characters: replaced as the runtime does for every over-long key (a SHA-256 of it).
    const hashed = createHash('sha256').update(long).digest('hex')
    assert.deepEqual(await keys(customer), ['alice', '42', 'true', 'src-3', 'src-4', 'src-5', 'src-6', 'src-7', 'src-8', hashed])
    assert.deepEqual(await keys(composite), ['c-alice/src-0', 'c-42/src-1', 'c-true/src-2', 'src-3', 'src-4', 'src-5', 'src-6', 'src-7', 'src-8', createHash('sha256').update(`c-${long}/src-9`).digest('hex')])
    assert.deepEqual(await keys(literal), inputs.map((input) => `x\${y}-${input.partitionKey}`))
    assert.deepEqual(await keys(item), ['A-1', ...inputs.slice(1).map((input) => input.partitionKey)])
    // The data is sent unchanged whatever the key.
    assert.deepEqual((await world.readText(customer)).map(([, data]) => data), inputs.map((input) => input.data))
    // exists:true matches null, "" and an array of values (not an object, not a missing field); the
    // template falls back for null, "" and the array.
    assert.deepEqual(await keys(filtered), ['f-alice', 'f-42', 'f-true', 'src-4', 'src-5', 'src-7', createHash('sha256').update(`f-${long}`).digest('hex')])
  })

  it('partitionKey templates on DynamoDB records: raw and converted paths, missing ones fall back to the key values', async () => {
    const source = dynamodbStreamArn(world.name('pkddb'))
    const event = {
      Records: [
        dynamodbRecord(source, 1, {keys: {id: {S: 'a'}, n: {N: '1'}}, newImage: {customer: {S: 'alice'}, id: {S: 'a'}, n: {N: '1'}}}),
        dynamodbRecord(source, 2, {keys: {id: {S: 'b'}, n: {N: '2'}}, newImage: {id: {S: 'b'}, n: {N: '2'}}}),
        dynamodbRecord(source, 3, {keys: {id: {S: 'c'}, n: {N: '3'}}}),
      ],
    }
    const [raw, converted, keyPath] = await Promise.all(['pkddb-raw', 'pkddb-converted', 'pkddb-key'].map((n) => world.stream(world.name(n))))
    await world.row(source, 'raw', raw, {partitionKey: '${dynamodb.NewImage.customer.S}'})
    await world.row(source, 'converted', converted, {convertDDB: true, partitionKey: 'cust-${dynamodb.NewImage.customer}'})
    await world.row(source, 'key-path', keyPath, {partitionKey: '${eventName}:${dynamodb.Keys.n.N}'})
    const {results} = await world.invoke<Result>([event])
    assert.deepEqual(results, [OK])
    const keys = async (stream: string) => (await world.readText(stream)).map(([key]) => key)
    assert.deepEqual(await keys(raw), ['alice', 'b|2', 'c|3'])
    assert.deepEqual(await keys(converted), ['cust-alice', 'b|2', 'c|3'])
    assert.deepEqual(await keys(keyPath), ['INSERT:1', 'INSERT:2', 'REMOVE:3'])
  })

  it('KPL user records keep their own partition keys in a template (${partitionKey}) and their data is matched and rendered one by one', async () => {
    const source = kinesisStreamArn(world.name('kplpk-src'))
    const out = await world.stream(world.name('kplpk-out'))
    const users = [
      {data: '{"customerId":"alice"}', partitionKey: 'u-0'},
      {data: '{"customerId":"bob"}', partitionKey: 'u-1'},
      {data: '{"other":true}', partitionKey: 'u-2'},
    ]
    const [aggregated] = await aggregate(users)
    await world.row(source, 'kpl-keys', out, {deaggregate: true, filter: '{"data":{"customerId":[{"anything-but":"bob"}]}}', partitionKey: '${data.customerId}@${partitionKey}'})
    const {results} = await world.invoke<Result>([kinesisEvent(source, [aggregated])])
    assert.deepEqual(results, [OK])
    // u-2 has no customerId: anything-but needs the field, so it is filtered out.
    assert.deepEqual(await world.readText(out), [['alice@u-0', users[0].data]])
  })

  it('the filter applies before collapse: a JSON-collapsed SQS message carries only the matching records (stand-in SQS)', async () => {
    const standIn = await startStandIn()
    try {
      const source = kinesisStreamArn(world.name('collapse-src'))
      const queue = `${standIn.endpoint}/123456789012/${world.name('orders')}`
      await world.row(source, 'packed', queue, {collapse: 'JSON', filter: '{"data":{"kind":["order"]}}', type: 'sqs'})
      const records = ['{"kind":"order","n":1}', '{"kind":"refund","n":2}', 'not json', '{"kind":"order","n":4}']
      const {results, logs} = await world.invoke<Result>([kinesisEvent(source, records)], {AWS_ENDPOINT_URL_SQS: standIn.endpoint})
      assert.deepEqual(results, [OK])
      assert.deepEqual(standIn.sqs.get(new URL(queue).pathname), ['{"Records":[{"kind":"order","n":1},{"kind":"order","n":4}]}'])
      assert.deepEqual(counts(logs, 'packed'), {delivered: 2, filtered: 2})
    } finally {
      await standIn.close()
    }
  })

  it('a warm container uses a changed filter after its configuration reload (patterns compiled per load, not kept)', async () => {
    const source = kinesisStreamArn(world.name('reload-src'))
    const out = await world.stream(world.name('reload-out'))
    await world.row(source, 'switching', out, {filter: '{"data":{"kind":["order"]}}'})
    const records = ['{"kind":"order"}', '{"kind":"refund"}']
    // One process, two events 3 s apart; the row changes (as `update --filter` writes it) once the
    // first event's record has arrived, well before the second event.
    let settled = false
    const invocation = world
      .invoke<Result>([kinesisEvent(source, records, 1), kinesisEvent(source, records, 3)], {FANOUT_CONFIG_TTL_SECONDS: '1'}, {pauseMs: 3000})
      .finally(() => (settled = true))
    // However slowly the child starts on a busy machine: wait for the first event's record.
    while (!settled && (await world.read(out)).length === 0) await new Promise((resolve) => setTimeout(resolve, 25))
    await world.row(source, 'switching', out, {filter: '{"data":{"kind":["refund"]}}'})
    const {results} = await invocation
    assert.deepEqual(results, [OK, OK])
    assert.deepEqual((await world.readText(out)).map(([, data]) => data), ['{"kind":"order"}', '{"kind":"refund"}'])
  })

  it('a filtered record is handled: when the target fails, Lambda is told to retry from the first matching record, not from a filtered one', async () => {
    const source = kinesisStreamArn(world.name('retry-src'))
    await world.row(source, 'to-missing', world.name('no-such-stream'), {filter: '{"data":{"kind":["order"]}}'})
    const {results, logs} = await world.invoke<Result>([kinesisEvent(source, ['{"kind":"refund"}', '{"kind":"refund"}', '{"kind":"order"}', '{"kind":"refund"}'], 20)])
    assert.deepEqual(results, [{ok: true, value: {batchItemFailures: [{itemIdentifier: sequenceNumber(22)}]}}])
    assert.deepEqual(counts(logs, 'to-missing'), {delivered: 0, filtered: 3})
  })

  it('templates where they do not apply (written by hand): the row runs with its default keys, with a warning naming the attribute', async () => {
    const source = kinesisStreamArn(world.name('inapplicable-src'))
    const out = await world.stream(world.name('inapplicable-out'))
    // messageGroupId on a kinesis target (only FIFO sqs/sns): ignored, the source key is kept.
    await world.row(source, 'kinesis-group', out, {messageGroupId: '${data.customerId}'})
    const {results, logs} = await world.invoke<Result>([kinesisEvent(source, [{data: '{"customerId":"alice"}', partitionKey: 'src-0'}])])
    assert.deepEqual(results, [OK])
    assert.deepEqual(await world.readText(out), [['src-0', '{"customerId":"alice"}']])
    const warning = jsonLogs(logs).find((line) => line.message === 'mapping warning' && line.id === 'kinesis-group')
    assert.match(String(warning?.warning), /messageGroupId/)
  })

  it('SNS-wrapped records (mappings keyed by the topic): the filter reads the message as data, like a Kinesis record', async () => {
    const topic = snsTopicArn(world.name('filter-topic'))
    const [orders, all] = await Promise.all(['sns-orders', 'sns-all'].map((name) => world.stream(world.name(name))))
    await world.row(topic, 'sns-orders', orders, {filter: '{"data":{"kind":["order"]}}'})
    await world.row(topic, 'sns-all', all, {filter: JSON.stringify({topicArn: [topic]})})
    const event = snsEvent(topic, ['{"kind":"order"}', '{"kind":"refund"}', 'plain'])
    const {results, logs} = await world.invoke<Result>([event])
    assert.deepEqual(results, [OK])
    assert.deepEqual((await world.readText(orders)).map(([, data]) => data), ['{"kind":"order"}'])
    assert.deepEqual((await world.readText(all)).map(([, data]) => data), ['{"kind":"order"}', '{"kind":"refund"}', 'plain'])
    assert.equal(targetMetric(logs, 'sns-orders')?.Filtered, 2)
  })
})
