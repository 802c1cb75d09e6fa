// The execution role: read what exists, compare it with what deploy wants, apply the difference.
import type {ListAttachedRolePoliciesCommandOutput} from '@aws-sdk/client-iam'
import type {AwsClients} from '../aws/clients.js'
import {decodePolicyDocument, samePolicy, type PolicyDocument} from './policy-document.js'
import {BASH_ERA_POLICY_NAMES, POLICY_NAMES, TRUST_POLICY} from './role-policies.js'
import {withRetry, type RetryOptions} from './retry.js'
import {requireSdk} from '../aws/sdk.js'

export interface RoleState {
  name: string
  arn?: string
  exists: boolean
  /** Trusts lambda.amazonaws.com to assume it. */
  trustsLambda: boolean
  inlinePolicies: Map<string, unknown>
  attachedPolicyArns: string[]
}

export type ChangeAction = 'create' | 'update' | 'unchanged' | 'delete'

export interface PolicyChange {
  name: string
  action: ChangeAction
  document?: PolicyDocument
}

const iamModule = () => requireSdk<typeof import('@aws-sdk/client-iam')>('@aws-sdk/client-iam')

export const isNoSuchEntity = (error: unknown): boolean => (error as Error)?.name === 'NoSuchEntityException' || (error as Error)?.name === 'NoSuchEntity'

/** Role name from a role ARN (path included in the ARN, not in the name). */
export const roleNameFromArn = (arn: string): string => arn.slice(arn.lastIndexOf('/') + 1)

function trustsLambda(document: unknown): boolean {
  const statements = (document as {Statement?: unknown})?.Statement
  const list = Array.isArray(statements) ? statements : [statements]
  return list.some((statement) => {
    const s = statement as {Effect?: string; Action?: string | string[]; Principal?: {Service?: string | string[]}}
    const actions = ([] as string[]).concat(s?.Action ?? [])
    const services = ([] as string[]).concat(s?.Principal?.Service ?? [])
    return s?.Effect === 'Allow' && actions.some((a) => a === 'sts:AssumeRole' || a === 'sts:*') && services.includes('lambda.amazonaws.com')
  })
}

export async function readRole(aws: AwsClients, name: string, options: {policies?: boolean} = {}): Promise<RoleState> {
  const {IAMClient, GetRoleCommand, ListRolePoliciesCommand, GetRolePolicyCommand, ListAttachedRolePoliciesCommand} = iamModule()
  const iam = aws.get(IAMClient)
  const state: RoleState = {attachedPolicyArns: [], exists: false, inlinePolicies: new Map(), name, trustsLambda: false}
  try {
    const {Role} = await iam.send(new GetRoleCommand({RoleName: name}))
    state.exists = true
    state.arn = Role?.Arn
    state.trustsLambda = Role?.AssumeRolePolicyDocument ? trustsLambda(decodePolicyDocument(Role.AssumeRolePolicyDocument)) : false
  } catch (error) {
    if (isNoSuchEntity(error)) return state
    throw error
  }
  if (options.policies === false) return state
  let marker: string | undefined
  const names: string[] = []
  do {
    const page = await iam.send(new ListRolePoliciesCommand({Marker: marker, RoleName: name}))
    names.push(...(page.PolicyNames ?? []))
    marker = page.IsTruncated ? page.Marker : undefined
  } while (marker)
  for (const policyName of names) {
    const out = await iam.send(new GetRolePolicyCommand({PolicyName: policyName, RoleName: name}))
    state.inlinePolicies.set(policyName, out.PolicyDocument ? decodePolicyDocument(out.PolicyDocument) : undefined)
  }
  marker = undefined
  do {
    const attached: ListAttachedRolePoliciesCommandOutput = await iam.send(new ListAttachedRolePoliciesCommand({Marker: marker, RoleName: name}))
    for (const entry of attached.AttachedPolicies ?? []) if (entry.PolicyArn) state.attachedPolicyArns.push(entry.PolicyArn)
    marker = attached.IsTruncated ? attached.Marker : undefined
  } while (marker)
  return state
}

/** A role deploy manages carries the configuration policy it writes. */
export const isManagedRole = (state: RoleState): boolean => state.exists && state.inlinePolicies.has(POLICY_NAMES.config)

/**
 * The policy changes that turn `current` into `desired`. `scope` limits which of deploy's policies
 * are considered (a refresh only touches the mapping-dependent ones); Bash-era policies are removed
 * by a full deploy only.
 */
export function planPolicyChanges(
  current: Map<string, unknown>,
  desired: Map<string, PolicyDocument>,
  scope: string[] = Object.values(POLICY_NAMES),
  removeBashEra = true,
): PolicyChange[] {
  const changes: PolicyChange[] = []
  for (const name of scope) {
    const want = desired.get(name)
    const have = current.get(name)
    if (want && have === undefined) changes.push({action: 'create', document: want, name})
    else if (want) changes.push({action: samePolicy(have, want) ? 'unchanged' : 'update', document: want, name})
    else if (have !== undefined) changes.push({action: 'delete', name})
  }
  if (removeBashEra) for (const name of BASH_ERA_POLICY_NAMES) if (current.has(name)) changes.push({action: 'delete', name})
  return changes
}

export async function createRole(aws: AwsClients, name: string, description: string, retry?: RetryOptions): Promise<string> {
  const {IAMClient, CreateRoleCommand} = iamModule()
  const out = await withRetry(
    () =>
      aws.get(IAMClient).send(
        new CreateRoleCommand({AssumeRolePolicyDocument: JSON.stringify(TRUST_POLICY), Description: description, RoleName: name}),
      ),
    retry,
  )
  return out.Role!.Arn!
}

export async function updateTrust(aws: AwsClients, name: string, retry?: RetryOptions): Promise<void> {
  const {IAMClient, UpdateAssumeRolePolicyCommand} = iamModule()
  await withRetry(() => aws.get(IAMClient).send(new UpdateAssumeRolePolicyCommand({PolicyDocument: JSON.stringify(TRUST_POLICY), RoleName: name})), retry)
}

export async function applyPolicyChanges(aws: AwsClients, roleName: string, changes: PolicyChange[], retry?: RetryOptions): Promise<number> {
  const {IAMClient, PutRolePolicyCommand, DeleteRolePolicyCommand} = iamModule()
  const iam = aws.get(IAMClient)
  let applied = 0
  for (const change of changes) {
    if (change.action === 'create' || change.action === 'update') {
      await withRetry(
        () => iam.send(new PutRolePolicyCommand({PolicyDocument: JSON.stringify(change.document), PolicyName: change.name, RoleName: roleName})),
        retry,
      )
      applied++
    } else if (change.action === 'delete') {
      try {
        await withRetry(() => iam.send(new DeleteRolePolicyCommand({PolicyName: change.name, RoleName: roleName})), retry)
      } catch (error) {
        if (!isNoSuchEntity(error)) throw error
      }
      applied++
    }
  }
  return applied
}

/** Deletes a role: inline policies first, managed policies detached, then the role. */
export async function deleteRole(aws: AwsClients, state: RoleState, retry?: RetryOptions): Promise<void> {
  const {IAMClient, DeleteRolePolicyCommand, DetachRolePolicyCommand, DeleteRoleCommand} = iamModule()
  const iam = aws.get(IAMClient)
  for (const name of state.inlinePolicies.keys()) {
    await withRetry(() => iam.send(new DeleteRolePolicyCommand({PolicyName: name, RoleName: state.name})), retry)
  }
  for (const arn of state.attachedPolicyArns) {
    await withRetry(() => iam.send(new DetachRolePolicyCommand({PolicyArn: arn, RoleName: state.name})), retry)
  }
  await withRetry(() => iam.send(new DeleteRoleCommand({RoleName: state.name})), retry)
}

