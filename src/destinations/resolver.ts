// What every destination resolver does: turn what the user gave (a name, or an ARN, URL or
// endpoint) into the `destination` attribute, checking that a named resource exists; and list the
// account's candidates for the wizard. One file per target type implements it.
import {UserError} from '../errors.js'
import {destinationProblem, type TargetType} from '../../runtime/mapping/schema.js'
import type {AwsClients} from '../aws/clients.js'
import type {Choice} from '../prompts/prompter.js'

export interface ResolveContext {
  aws: AwsClients
  /** --destination-region: look names up (and list) in that region. */
  region?: string
  /** --destination-role-arn: the resource is in another account, so names cannot be looked up. */
  role?: string
  /** es: --index (index or doctype/index). */
  index?: string
}

export interface DestinationResolver {
  /** True when `value` is already an ARN, URL or endpoint (stored as is, after validation). */
  isQualified(value: string): boolean
  /** Looks a name up and returns the destination to store; refuses one that does not exist. */
  resolveName(name: string, context: ResolveContext): Promise<string>
  /** The account's candidates, for the wizard (value: what resolve() accepts). */
  list(context: ResolveContext): Promise<Choice<string>[]>
  /** What a name means for this type, for messages ("SNS topic"). */
  noun: string
  /** What a qualified value looks like, for the cross-account message. */
  qualifiedForm: string
}

export function regionOf(context: ResolveContext): string {
  return context.region ?? context.aws.region ?? 'the default region'
}

/** A client of `Client` in the destination's region. */
export function clientFor<C>(context: ResolveContext, Client: new (config: never) => C): C {
  return context.aws.get(Client as never, context.region ? {region: context.region} : {}) as C
}

export function notFound(resolver: Pick<DestinationResolver, 'noun'>, name: string, context: ResolveContext): UserError {
  return new UserError(`${resolver.noun} '${name}' not found in ${regionOf(context)}`, {
    suggestion: 'check the name, --region and --destination-region',
  })
}

export function isNotFound(error: unknown, ...names: string[]): boolean {
  const name = (error as Error)?.name
  return ['ResourceNotFoundException', 'NotFoundException', ...names].includes(name)
}

/**
 * Runs the look-up of a named resource. A not-found answer (ResourceNotFoundException,
 * NotFoundException, or one of `notFoundNames`) becomes the resolver's one-line refusal.
 */
export async function lookUp<T>(
  resolver: Pick<DestinationResolver, 'noun'>,
  name: string,
  context: ResolveContext,
  call: () => Promise<T>,
  ...notFoundNames: string[]
): Promise<T> {
  try {
    return await call()
  } catch (error) {
    if (isNotFound(error, ...notFoundNames)) throw notFound(resolver, name, context)
    throw error
  }
}

export function validated(type: TargetType, value: string): string {
  const problem = destinationProblem(type, value)
  if (problem) throw new UserError(`Invalid --destination for ${type}: ${problem}`)
  return value
}

/** Collects every page of a paginated listing (token in, token out). */
export async function allPages<T>(fetch: (token?: string) => Promise<{items: T[]; next?: string}>, limit = 1000): Promise<T[]> {
  const out: T[] = []
  let token: string | undefined
  do {
    const page = await fetch(token)
    out.push(...page.items)
    token = page.next
  } while (token && out.length < limit)
  return out
}

/** The last part of an ARN's resource (topic name, function name...), for choice labels. */
export const lastPart = (value: string): string => value.split(/[:/]/).pop() ?? value
