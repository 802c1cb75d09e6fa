// AWS IoT: `endpoint#topic` is stored as given; a topic alone is joined with the account's data
// endpoint (DescribeEndpoint, iot:Data-ATS).
import {clientFor, type DestinationResolver} from './resolver.js'
import {requireSdk} from '../aws/sdk.js'

export const iotResolver: DestinationResolver = {
  isQualified: (value) => value.includes('#'),
  // Topics are not resources: the wizard asks for one.
  list: async () => [],
  noun: 'IoT topic',
  qualifiedForm: 'endpoint#topic',
  async resolveName(topic, context) {
    const {DescribeEndpointCommand, IoTClient} = requireSdk<typeof import('@aws-sdk/client-iot')>('@aws-sdk/client-iot')
    const out = await clientFor(context, IoTClient).send(new DescribeEndpointCommand({endpointType: 'iot:Data-ATS'}))
    return `${out.endpointAddress}#${topic}`
  },
}
