// Every ARN partition (aws, aws-cn, aws-us-gov) through the mapping schema: sources, destination
// ARNs of each AWS target type, roles and regions; and role/region on cache targets refused (the row
// is invalid).
import {strict as assert} from 'node:assert'
import {destinationProblem, parseMappingItem, type TargetType} from '../../runtime/mapping/schema.js'
import {parseEsDestination} from '../../runtime/targets/es/destination.js'
import {parseIotDestination} from '../../runtime/targets/iot.js'

const PARTITIONS = [
  {domain: 'amazonaws.com', partition: 'aws', region: 'eu-west-1'},
  {domain: 'amazonaws.com.cn', partition: 'aws-cn', region: 'cn-north-1'},
  {domain: 'amazonaws.com', partition: 'aws-us-gov', region: 'us-gov-east-1'},
]

describe('ARN partitions and cross-account attributes in mappings', () => {
  for (const {partition, region, domain} of PARTITIONS) {
    describe(partition, () => {
      const account = '123456789012'
      const destinations: Array<[TargetType, string]> = [
        ['kinesis', `arn:${partition}:kinesis:${region}:${account}:stream/out`],
        ['firehose', `arn:${partition}:firehose:${region}:${account}:deliverystream/out`],
        ['sns', `arn:${partition}:sns:${region}:${account}:topic`],
        ['lambda', `arn:${partition}:lambda:${region}:${account}:function:fn:live`],
        ['sqs', `https://sqs.${region}.${domain}/${account}/queue`],
        ['es', `search-d-abc.${region}.es.${domain}#index`],
        ['iot', `abc-ats.iot.${region}.${domain}#a/b`],
      ]
      for (const [type, destination] of destinations) {
        it(`accepts a ${type} destination`, () => assert.equal(destinationProblem(type, destination), undefined))
      }

      it('accepts sources, roles, external ids and regions of the partition', () => {
        for (const sourceArn of [`arn:${partition}:kinesis:${region}:${account}:stream/in`, `arn:${partition}:dynamodb:${region}:${account}:table/orders/stream/2024-01-01T00:00:00.000`]) {
          const parsed = parseMappingItem({
            active: true,
            destination: `arn:${partition}:sns:${region}:${account}:topic`,
            externalId: 'ext-id-1',
            id: 'm',
            region,
            role: `arn:${partition}:iam::${account}:role/path/fanout`,
            sourceArn,
            type: 'sns',
          })
          assert.ok(parsed.ok, parsed.ok ? '' : parsed.reason)
          assert.deepEqual([parsed.mapping.role, parsed.mapping.externalId, parsed.mapping.region], [`arn:${partition}:iam::${account}:role/path/fanout`, 'ext-id-1', region])
        }
      })

      it('reads the signing region from es and iot host names of the partition', () => {
        assert.equal(parseEsDestination(`search-d-abc.${region}.es.${domain}#index`).hostRegion, region)
        assert.equal(parseIotDestination(`abc-ats.iot.${region}.${domain}#t`).hostRegion, region)
      })
    })
  }

  it('refuses role or region on redis and memcached', () => {
    for (const [type, destination] of [
      ['redis', 'cache.abc.ng.0001.use1.cache.amazonaws.com:6379'],
      ['memcached', 'mc.abc.cfg.use1.cache.amazonaws.com:11211'],
    ]) {
      const parsed = parseMappingItem({
        active: true,
        destination,
        id: 'c',
        region: 'eu-west-1',
        role: 'arn:aws:iam::123456789012:role/r',
        sourceArn: 'arn:aws:kinesis:us-east-1:123456789012:stream/in',
        type,
      })
      assert.ok(!parsed.ok)
      assert.match(parsed.reason, new RegExp(`'role' and 'region' do not apply to ${type} targets.*remove them`))
    }
  })
})
