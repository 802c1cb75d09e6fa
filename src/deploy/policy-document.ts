// IAM policy documents: building, comparing and reading them back (IAM returns them URL-encoded).

export interface PolicyStatement {
  Sid?: string
  Effect: 'Allow' | 'Deny'
  Action: string | string[]
  Resource?: string | string[]
  Principal?: Record<string, string | string[]>
}

export interface PolicyDocument {
  Version: '2012-10-17'
  Statement: PolicyStatement[]
}

/** IAM's limit for all inline policies of a role together (whitespace not counted). */
export const ROLE_INLINE_POLICY_LIMIT = 10_240

export const policy = (...statements: PolicyStatement[]): PolicyDocument => ({Statement: statements, Version: '2012-10-17'})

export function allow(sid: string, actions: string[], resources: string[]): PolicyStatement {
  return {Action: [...actions].sort(), Effect: 'Allow', Resource: [...new Set(resources)].sort(), Sid: sid}
}

/** IAM's GetRolePolicy / GetRole return the document URL-encoded; SDK v3 does not decode it. */
export function decodePolicyDocument(text: string): unknown {
  let decoded = text
  if (/^%7B/i.test(text.trim())) decoded = decodeURIComponent(text)
  return JSON.parse(decoded)
}

/** A stable form for comparison: keys sorted, single values as one-element lists, lists sorted. */
export function canonicalPolicy(document: unknown): string {
  const normalize = (value: unknown, key?: string): unknown => {
    if (Array.isArray(value)) {
      const items = value.map((item) => normalize(item))
      return key === 'Statement' ? items : items.map((item) => JSON.stringify(item)).sort().map((item) => JSON.parse(item))
    }
    if (value && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value as Record<string, unknown>)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([k, v]) => [k, ['Action', 'Resource', 'NotAction', 'NotResource'].includes(k) && typeof v === 'string' ? [v] : normalize(v, k)]),
      )
    }
    return value
  }
  return JSON.stringify(normalize(document))
}

export const samePolicy = (a: unknown, b: unknown): boolean => canonicalPolicy(a) === canonicalPolicy(b)

/** The size IAM counts against ROLE_INLINE_POLICY_LIMIT. */
export const policySize = (document: PolicyDocument): number => JSON.stringify(document).length
