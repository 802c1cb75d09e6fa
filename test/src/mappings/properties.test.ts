import {strict as assert} from 'node:assert'
import {checkPropertyValues, propertiesFromFlags, propertyProblem, type EffectiveProperties} from '../../../src/mappings/properties.js'

describe('mapping properties', () => {
  it('takes only the flags that were given', () => {
    assert.deepEqual(propertiesFromFlags({active: false, 'convert-ddb': undefined, 'destination-region': 'eu-west-1', id: 'x', parallel: undefined}), {
      active: false,
      region: 'eu-west-1',
    })
  })

  const kinesis = (extra: Partial<EffectiveProperties>): EffectiveProperties => ({sourceKind: 'kinesis', type: 'sqs', ...extra})
  const all = ['collapse', 'convertDDB', 'deaggregate', 'appendNewlines', 'role', 'region', 'externalId'] as const

  it('refuses what does not apply to the type or the source', () => {
    assert.match(propertyProblem(kinesis({collapse: 'JSON', type: 'lambda'}), all) ?? '', /--collapse only applies to sns, sqs and iot targets, not lambda/)
    assert.match(propertyProblem(kinesis({convertDDB: true}), all) ?? '', /--convert-ddb only applies to DynamoDB/)
    assert.match(propertyProblem(kinesis({deaggregate: true, sourceKind: 'dynamodb'}), all) ?? '', /--deaggregate only applies to Kinesis/)
    assert.match(propertyProblem(kinesis({region: 'eu-west-1', type: 'memcached'}), all) ?? '', /--destination-region does not apply to memcached/)
    assert.match(propertyProblem(kinesis({externalId: 'abc'}), all) ?? '', /--external-id only applies with --destination-role-arn/)
  })

  it('allows newlines for firehose and for concat / concat-b64 collapse only', () => {
    assert.equal(propertyProblem(kinesis({appendNewlines: true, type: 'firehose'}), all), undefined)
    assert.equal(propertyProblem(kinesis({appendNewlines: true, collapse: 'concat-b64', type: 'iot'}), all), undefined)
    assert.match(propertyProblem(kinesis({appendNewlines: true, collapse: 'JSON'}), all) ?? '', /collapse JSON/)
    // A row without collapse means JSON.
    assert.match(propertyProblem(kinesis({appendNewlines: true, type: 'sns'}), all) ?? '', /collapse JSON/)
    assert.match(propertyProblem(kinesis({appendNewlines: true, type: 'kinesis'}), all) ?? '', /this one: kinesis\)/)
  })

  it('checks a rule only when a property it involves changes (Bash rows with collapse on kinesis stay updatable)', () => {
    const bashRow = kinesis({collapse: 'none', type: 'kinesis'})
    assert.equal(propertyProblem(bashRow, ['parallel', 'active'] as never), undefined)
    assert.match(propertyProblem(bashRow, ['collapse']) ?? '', /--collapse only applies/)
    // Changing collapse re-checks newlines that depended on it.
    assert.match(propertyProblem(kinesis({appendNewlines: true, collapse: 'none'}), ['collapse']) ?? '', /--append-newlines/)
  })

  it('refuses malformed values naming the flag; accepts every partition and region', () => {
    assert.doesNotThrow(() => checkPropertyValues({region: 'us-gov-west-1', role: 'arn:aws-us-gov:iam::123456789012:role/r'}))
    assert.doesNotThrow(() => checkPropertyValues({region: 'cn-northwest-1', role: 'arn:aws-cn:iam::123456789012:role/path/r'}))
    assert.throws(() => checkPropertyValues({role: 'arn:aws:iam::123456789012:user/u'}), /Invalid --destination-role-arn/)
    assert.throws(() => checkPropertyValues({region: 'europe'}), /Invalid --destination-region 'europe'/)
    assert.throws(() => checkPropertyValues({externalId: 'a b'}), /Invalid --external-id/)
    assert.throws(() => checkPropertyValues({collapse: 'json' as never}), /Invalid --collapse 'json'/)
  })
})
