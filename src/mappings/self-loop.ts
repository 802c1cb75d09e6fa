// A mapping whose destination is its own source would feed itself forever: a kinesis destination
// that is the source stream, or a lambda destination that is the fan-out function itself (it would
// receive its own records again). Both are refused by register, update and the wizard.
import {parseArn, parseSourceArn} from '../../runtime/mapping/arn.js'
import type {Mapping} from '../../runtime/mapping/schema.js'

interface Place {
  name: string
  region?: string
  account?: string
}

/** A kinesis stream or lambda function destination as name, region and account (undefined parts: the caller's). */
function destinationPlace(mapping: Pick<Mapping, 'type' | 'destination' | 'region'>): Place {
  const arn = parseArn(mapping.destination)
  if (arn) {
    const name = mapping.type === 'kinesis' ? arn.resource.replace(/^stream\//, '') : arn.resource.replace(/^function:/, '').split(':')[0]
    return {account: arn.account, name, region: arn.region}
  }
  return {name: mapping.type === 'lambda' ? mapping.destination.split(':')[0] : mapping.destination, region: mapping.region}
}

const same = (a: string | undefined, b: string | undefined): boolean => a === undefined || b === undefined || a === b

/** Why the mapping would feed itself, or undefined. `region`: the CLI's region (where names are looked up). */
export function selfLoopProblem(
  mapping: Pick<Mapping, 'type' | 'destination' | 'region' | 'sourceArn'>,
  context: {functionName?: string; region?: string; account?: string},
): string | undefined {
  const source = parseSourceArn(mapping.sourceArn)
  if (mapping.type === 'kinesis' && source?.kind === 'kinesis') {
    const place = destinationPlace(mapping)
    if (place.name === source.name && same(place.region ?? context.region, source.region) && same(place.account, source.account)) {
      return `Refused: the destination '${mapping.destination}' is the source stream itself (${mapping.sourceArn}): every record would be fanned out again, forever`
    }
  }
  if (mapping.type === 'lambda' && context.functionName) {
    const place = destinationPlace(mapping)
    if (place.name === context.functionName && same(place.region ?? context.region, source?.region ?? context.region) && same(place.account, context.account ?? source?.account)) {
      return `Refused: the destination '${mapping.destination}' is the fan-out function '${context.functionName}' itself: it would receive its own records again, forever`
    }
  }
  return undefined
}
