// PLACEHOLDER of the matcher helper's module (branch h/matcher), same path and signature as
// PLAN.md names; replaced by theirs when main has it. It checks only the outer shape of a pattern
// (JSON object, not empty, at most 4,096 characters, every leaf a list or an object); it does not
// match records.
const MAX_PATTERN_LENGTH = 4096

function leafProblem(value: unknown, path: string): string | undefined {
  if (Array.isArray(value)) return undefined
  if (value === null || typeof value !== 'object') return `the value at ${path} must be a list (e.g. ["x"]) or an object`
  const entries = Object.entries(value as Record<string, unknown>)
  if (entries.length === 0) return `the object at ${path} is empty`
  for (const [key, inner] of entries) {
    const problem = key === '$or' && Array.isArray(inner) ? undefined : leafProblem(inner, `${path}.${key}`)
    if (problem) return problem
  }
  return undefined
}

/** Why `text` is not a valid event pattern (one line), or undefined. */
export function patternProblem(text: string): string | undefined {
  if (text.length > MAX_PATTERN_LENGTH) return `the pattern has ${text.length} characters, more than ${MAX_PATTERN_LENGTH}`
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    return `the pattern is not JSON (${(error as Error).message})`
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return 'the pattern must be a JSON object'
  if (Object.keys(value).length === 0) return 'the pattern {} matches nothing: give at least one field'
  return leafProblem(value, '$')?.replace('$.', '')
}
