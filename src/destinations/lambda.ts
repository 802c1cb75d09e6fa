// Lambda: a function ARN is stored as given; a name (optionally name:qualifier) is checked and stored
// as the name.
import {allPages, clientFor, lookUp, type DestinationResolver} from './resolver.js'
import {requireSdk} from '../aws/sdk.js'

export const lambdaResolver: DestinationResolver = {
  isQualified: (value) => value.startsWith('arn:'),
  async list(context) {
    const {LambdaClient, ListFunctionsCommand} = requireSdk<typeof import('@aws-sdk/client-lambda')>('@aws-sdk/client-lambda')
    const client = clientFor(context, LambdaClient)
    const functions = await allPages(async (Marker) => {
      const out = await client.send(new ListFunctionsCommand({Marker}))
      return {items: out.Functions ?? [], next: out.NextMarker}
    })
    return functions.map((fn) => ({description: fn.Description || fn.Runtime, name: fn.FunctionName!, value: fn.FunctionName!}))
  },
  noun: 'Lambda function',
  qualifiedForm: 'a function ARN',
  async resolveName(name, context) {
    const {GetFunctionConfigurationCommand, LambdaClient} = requireSdk<typeof import('@aws-sdk/client-lambda')>('@aws-sdk/client-lambda')
    await lookUp(this, name, context, () => clientFor(context, LambdaClient).send(new GetFunctionConfigurationCommand({FunctionName: name})))
    return name
  },
}
