// The EventBridge event-pattern language (as Lambda FilterCriteria, EventBridge rules and Pipes use
// it), with the semantics of AWS's matcher, event-ruler. A pattern is compiled once into closures;
// matching a document is then a walk of plain objects without parsing or allocation.
//
// How it works, as event-ruler does it: the pattern is flattened into branches (one per combination
// of `$or` alternatives), each a list of steps `path -> leaf test`, sorted by path. A branch matches
// when its steps match in order, each against a leaf value at its path (an array holds many: any one
// may match). Array consistency: once a step used element i of an array, later steps see only
// element i of that array, so the fields of one pattern object match in one element of an array of
// objects. `exists: false` holds when no leaf at the path is consistent with the elements chosen so far.
//
// Lambda's rule for records whose data is not JSON: a pattern that names `data` (anywhere, also in one
// `$or` alternative) does not match a document without `data`, not even with `exists: false`.
//
// Deliberate choices where event-ruler's behaviour is not a documented rule (docs/filters.md):
// numbers compare as JavaScript doubles (event-ruler: 6 decimals); a number in the event outside
// -5e9..5e9 never satisfies `numeric` (as in event-ruler) but still equals the same number given as a
// plain value; `equals-ignore-case` compares lower-cased strings; dots in pattern keys are not paths.
import {cidrRange, ipKey} from './ip.js'

export const MAX_PATTERN_LENGTH = 4096
/** More `$or` combinations than this is refused: each is matched separately. */
export const MAX_BRANCHES = 1024
/** event-ruler's range for numeric operands (and for event values compared with `numeric`). */
const NUMERIC_LIMIT = 5e9

export class PatternError extends Error {
  override name = 'PatternError'
}

export interface CompiledPattern {
  matches(document: unknown): boolean
  /** The pattern names the `data` field, so the record must be JSON-parsed. */
  readonly usesData: boolean
}

type Test = (value: unknown) => boolean

interface Step {
  path: string[]
  /** A leaf value at the path satisfies it; undefined when the list has only `exists: false`. */
  test?: Test
  /** `exists: false` is in the list: the step also holds when the path has no leaf. */
  absentOk: boolean
}

type Branch = Map<string, Step>

const OPERATORS = ['prefix', 'suffix', 'equals-ignore-case', 'wildcard', 'anything-but', 'numeric', 'exists', 'cidr']
/** Field names event-ruler refuses directly inside an `$or` object (Constants.RESERVED_FIELD_NAMES_IN_OR_RELATIONSHIP). */
const RESERVED_IN_OR = new Set([
  ...OPERATORS, 'exactly', 'html', '=', '<', '<=', '>', '>=', 'regex', 'not-wildcard', 'not-equals-ignore-case',
  'date-after', 'date-on-or-after', 'date-before', 'date-on-or-before', 'in-date-range', 'ip-address-in-range', 'ip-address-not-in-range',
])

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
const isLeaf = (value: unknown): boolean => value === null || (typeof value !== 'object' && value !== undefined)
const hasOwn = Object.prototype.hasOwnProperty
const lower = (text: string): string => text.toLowerCase()
const show = (value: unknown): string => JSON.stringify(value) ?? String(value)

function fail(path: string[], message: string): never {
  throw new PatternError(path.length ? `${path.join('.')}: ${message}` : message)
}

// --- operands ----------------------------------------------------------------------------------

/** A numeric operand as event-ruler accepts it: finite, within -5e9..5e9, at most 6 decimals. */
function numericOperand(value: unknown, path: string[], what: string): number {
  if (typeof value !== 'number') fail(path, `${what} must be a number, not ${show(value)}`)
  if (Math.abs(value) > NUMERIC_LIMIT) fail(path, `${what} ${value} is outside -5e9..5e9 (the numeric range of EventBridge)`)
  if (Number(value.toFixed(6)) !== value) fail(path, `${what} ${value} has more than 6 decimals (the numeric precision of EventBridge)`)
  return value
}

/**
 * A `wildcard` operand as a test. `*` matches any run of characters (also none); `\*` is a literal
 * `*` and `\\` a literal backslash; any other backslash and two `*` in a row are refused.
 */
function wildcardTest(pattern: unknown, path: string[]): (text: string) => boolean {
  if (typeof pattern !== 'string') fail(path, `wildcard must be a string, not ${show(pattern)}`)
  const parts: string[] = ['']
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i]
    if (char === '\\') {
      const next = pattern[++i]
      if (next !== '*' && next !== '\\') fail(path, `wildcard '${pattern}': a backslash may only escape '*' or '\\'`)
      parts[parts.length - 1] += next
    } else if (char === '*') {
      if (pattern[i - 1] === '*') fail(path, `wildcard '${pattern}': consecutive '*' are not allowed`)
      parts.push('')
    } else parts[parts.length - 1] += char
  }
  if (parts.length === 1) return (text) => text === parts[0]
  const first = parts[0]
  const last = parts[parts.length - 1]
  const middle = parts.slice(1, -1).filter((part) => part !== '')
  const fixed = first.length + last.length
  // Greedy left-to-right: the first and last parts are anchored, each middle part taken at its
  // earliest position (that is always enough for `*`-separated literals: linear, no backtracking).
  return (text) => {
    if (text.length < fixed || !text.startsWith(first) || !text.endsWith(last)) return false
    let at = first.length
    const end = text.length - last.length
    for (const part of middle) {
      const found = text.indexOf(part, at)
      if (found < 0 || found + part.length > end) return false
      at = found + part.length
    }
    return true
  }
}

/** A string or a non-empty list of strings (the operand of anything-but's sub-operators). */
function stringList(value: unknown, path: string[], what: string, nonEmpty: boolean): string[] {
  const list = Array.isArray(value) ? value : [value]
  if (list.length === 0) fail(path, `${what} needs at least one value`)
  for (const item of list) {
    if (typeof item !== 'string') fail(path, `${what} takes a string or a list of strings, not ${show(item)}`)
    if (nonEmpty && item === '') fail(path, `${what} may not be empty`)
  }
  return list as string[]
}

// --- operators ---------------------------------------------------------------------------------

function affixTest(operand: unknown, path: string[], op: 'prefix' | 'suffix'): Test {
  const test = op === 'prefix' ? (text: string, affix: string) => text.startsWith(affix) : (text: string, affix: string) => text.endsWith(affix)
  if (isPlainObject(operand)) {
    const keys = Object.keys(operand)
    if (keys.length !== 1 || keys[0] !== 'equals-ignore-case') fail(path, `${op} takes a string or {"equals-ignore-case": string}, not ${show(operand)}`)
    const affix = operand['equals-ignore-case']
    if (typeof affix !== 'string') fail(path, `${op} equals-ignore-case must be a string, not ${show(affix)}`)
    const folded = lower(affix)
    return (value) => typeof value === 'string' && test(lower(value), folded)
  }
  if (typeof operand !== 'string') fail(path, `${op} must be a string, not ${show(operand)}`)
  return (value) => typeof value === 'string' && test(value, operand)
}

function anythingButTest(operand: unknown, path: string[]): Test {
  if (isPlainObject(operand)) {
    const keys = Object.keys(operand)
    if (keys.length !== 1) fail(path, `anything-but takes one operator (prefix, suffix, equals-ignore-case or wildcard), not ${show(operand)}`)
    const [op] = keys
    const what = `anything-but ${op}`
    const raw = operand[op]
    let excluded: (text: string) => boolean
    if (op === 'prefix' || op === 'suffix') {
      const affixes = stringList(raw, path, what, true)
      excluded = op === 'prefix'
        ? (text) => affixes.some((affix) => text.startsWith(affix))
        : (text) => affixes.some((affix) => text.endsWith(affix))
    } else if (op === 'equals-ignore-case') {
      const folded = new Set(stringList(raw, path, what, false).map(lower))
      excluded = (text) => folded.has(lower(text))
    } else if (op === 'wildcard') {
      const tests = stringList(raw, path, what, false).map((pattern) => wildcardTest(pattern, path))
      excluded = (text) => tests.some((test) => test(text))
    } else fail(path, `anything-but does not take '${op}' (only prefix, suffix, equals-ignore-case, wildcard)`)
    // Only strings can be excluded by these: any other value (number, true, null) matches.
    return (value) => typeof value !== 'string' || !excluded(value)
  }
  const list = Array.isArray(operand) ? operand : [operand]
  if (list.length === 0) fail(path, 'anything-but needs at least one value')
  const strings = list.every((item) => typeof item === 'string')
  const numbers = list.every((item) => typeof item === 'number')
  if (!strings && !numbers) {
    fail(path, `anything-but takes a string, a number, a list of only strings or only numbers, or an operator, not ${show(operand)}`)
  }
  if (numbers) list.forEach((item) => numericOperand(item, path, 'anything-but value'))
  const excluded = new Set<unknown>(list)
  // A value of another type is never excluded (anything-but "a" matches 5, true and null).
  return (value) => !excluded.has(value)
}

type Comparison = (value: number) => boolean

function numericTest(operand: unknown, path: string[]): Test {
  if (!Array.isArray(operand)) fail(path, `numeric takes a list like [">", 0, "<=", 5], not ${show(operand)}`)
  const bound = (index: number): number => numericOperand(operand[index], path, `numeric "${String(operand[index - 1])}" operand`)
  const op = operand[0]
  let compare: Comparison | undefined
  let rest = 2
  if (op === '=') {
    const n = bound(1)
    compare = (value) => value === n
  } else if (op === '<' || op === '<=') {
    const n = bound(1)
    compare = op === '<' ? (value) => value < n : (value) => value <= n
  } else if (op === '>' || op === '>=') {
    const low = bound(1)
    const above: Comparison = op === '>' ? (value) => value > low : (value) => value >= low
    compare = above
    if (operand.length > 2) {
      const upper = operand[2]
      if (upper !== '<' && upper !== '<=') fail(path, `numeric range: "${op}" may only be followed by "<" or "<=", not ${show(upper)}`)
      const high = bound(3)
      if (high <= low) fail(path, `numeric range: the lower bound ${low} must be below the upper bound ${high}`)
      compare = upper === '<' ? (value) => above(value) && value < high : (value) => above(value) && value <= high
      rest = 4
    }
  } else fail(path, `numeric: unknown comparison ${show(op)} (use =, <, <=, >, >=)`)
  if (operand.length !== rest) fail(path, `numeric: unexpected ${operand.length > rest ? 'extra terms' : 'end'} in ${show(operand)}`)
  const comparison = compare
  return (value) => typeof value === 'number' && value >= -NUMERIC_LIMIT && value <= NUMERIC_LIMIT && comparison(value)
}

function cidrTest(operand: unknown, path: string[]): Test {
  if (typeof operand !== 'string') fail(path, `cidr must be a string like "10.0.0.0/24", not ${show(operand)}`)
  const range = cidrRange(operand)
  if (typeof range === 'string') fail(path, range)
  const {low, high} = range
  return (value) => {
    if (typeof value !== 'string') return false
    const key = ipKey(value)
    return key !== undefined && key.length === low.length && key >= low && key <= high
  }
}

const ANY_LEAF: Test = () => true

/** One operator object of a leaf list; `exists: false` returns 'absent'. */
function operatorTest(expression: Record<string, unknown>, path: string[]): Test | 'absent' {
  const keys = Object.keys(expression)
  if (keys.length !== 1) {
    fail(path, keys.length === 0 ? 'an empty object {} is not an operator' : `an operator object holds one operator, not ${keys.length} (${keys.join(', ')})`)
  }
  const [op] = keys
  const operand = expression[op]
  switch (op) {
    case 'prefix':
    case 'suffix':
      return affixTest(operand, path, op)
    case 'equals-ignore-case': {
      if (typeof operand !== 'string') fail(path, `equals-ignore-case must be a string, not ${show(operand)}`)
      const folded = lower(operand)
      return (value) => typeof value === 'string' && lower(value) === folded
    }
    case 'wildcard': {
      const test = wildcardTest(operand, path)
      return (value) => typeof value === 'string' && test(value)
    }
    case 'anything-but':
      return anythingButTest(operand, path)
    case 'numeric':
      return numericTest(operand, path)
    case 'exists':
      if (typeof operand !== 'boolean') fail(path, `exists must be true or false, not ${show(operand)}`)
      return operand ? ANY_LEAF : 'absent'
    case 'cidr':
      return cidrTest(operand, path)
    default:
      return fail(path, `unknown operator '${op}' (known: ${OPERATORS.join(', ')})`)
  }
}

/** A leaf: the list of values and operators a field may match (any of them). */
function compileLeaf(list: unknown[], path: string[]): Step {
  if (list.length === 0) fail(path, 'an empty list [] matches nothing and is not allowed')
  const exact = new Set<unknown>()
  const ips = new Set<string>()
  const tests: Test[] = []
  let absentOk = false
  for (const item of list) {
    if (isPlainObject(item)) {
      const test = operatorTest(item, path)
      if (test === 'absent') absentOk = true
      else tests.push(test)
    } else if (typeof item === 'string') {
      // event-ruler reads a plain value that is an IP address as that address (any spelling of it).
      const key = ipKey(item)
      if (key) ips.add(key)
      else exact.add(item)
    } else if (typeof item === 'number' || typeof item === 'boolean' || item === null) exact.add(item)
    else fail(path, `a list holds strings, numbers, true, false, null or operator objects, not ${show(item)}`)
  }
  if (exact.size) tests.unshift((value) => exact.has(value))
  if (ips.size) tests.push((value) => typeof value === 'string' && ips.has(ipKey(value) ?? ''))
  const test: Test | undefined = tests.length === 0 ? undefined : tests.length === 1 ? tests[0] : (value) => tests.some((one) => one(value))
  return {absentOk, path, test}
}

// --- structure ---------------------------------------------------------------------------------

function compileObject(object: Record<string, unknown>, path: string[], branches: Branch[], insideOr: boolean): Branch[] {
  const keys = Object.keys(object)
  if (keys.length === 0) fail(path, path.length ? 'an empty object {} is not allowed' : 'the pattern is an empty object {}')
  for (const key of keys) {
    const value = object[key]
    if (key === '$or') {
      branches = compileOr(value, path, branches)
      continue
    }
    const here = [...path, key]
    if (insideOr && RESERVED_IN_OR.has(key)) fail(here, `'${key}' is an operator name and cannot be a field directly inside $or`)
    if (Array.isArray(value)) {
      const step = compileLeaf(value, here)
      const name = here.join('.')
      // A field given twice (also through $or) takes its last value, as in event-ruler.
      for (const branch of branches) branch.set(name, step)
    } else if (isPlainObject(value)) {
      branches = compileObject(value, here, branches, insideOr)
    } else fail(here, `must be an object or a list of values, not ${show(value)}`)
  }
  return branches
}

function compileOr(value: unknown, path: string[], branches: Branch[]): Branch[] {
  const here = [...path, '$or']
  if (!Array.isArray(value) || value.length < 2) fail(here, 'takes a list of at least 2 pattern objects')
  const out: Branch[] = []
  for (const alternative of value) {
    if (!isPlainObject(alternative)) fail(here, `holds pattern objects only, not ${show(alternative)}`)
    const copies = branches.map((branch) => new Map(branch))
    out.push(...compileObject(alternative, path, copies, true))
    if (out.length > MAX_BRANCHES) fail(here, `more than ${MAX_BRANCHES} combinations of $or alternatives`)
  }
  return out
}

function parse(text: string): Step[][] {
  if (typeof text !== 'string') throw new PatternError('a pattern is JSON text')
  if (text.length > MAX_PATTERN_LENGTH) throw new PatternError(`longer than ${MAX_PATTERN_LENGTH.toLocaleString('en-US')} characters (${text.length.toLocaleString('en-US')})`)
  let root: unknown
  try {
    root = JSON.parse(text)
  } catch (error) {
    throw new PatternError(`not JSON: ${(error as Error).message.replace(/\s+/g, ' ').slice(0, 200)}`)
  }
  if (!isPlainObject(root)) throw new PatternError(`not a JSON object: ${Array.isArray(root) ? 'a list' : show(root)}`)
  return compileObject(root, [], [new Map()], false).map((branch) =>
    [...branch.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, step]) => step),
  )
}

// --- matching ----------------------------------------------------------------------------------

/** The matcher of one branch; its array bindings are reused between calls (matching is synchronous). */
function commonDepth(a: string[], b: string[]): number {
  let depth = 0
  while (depth < a.length && depth < b.length && a[depth] === b[depth]) depth++
  return depth
}

function branchMatcher(steps: Step[]): (root: unknown) => boolean {
  const boundArrays: unknown[][] = []
  const boundIndexes: number[] = []
  let root: unknown
  // Per step: the deepest level its path shares with a later step's (-1: none). Only an array met at
  // or above that level binds an element that later steps see; when a step's leaf matched without
  // such a binding and the later steps failed, its other leaves cannot do better (they share the same
  // object chain down to that level), so the search stops: independent arrays stay linear.
  const shared = steps.map((step, i) => Math.max(-1, ...steps.slice(i + 1).map((later) => commonDepth(step.path, later.path))))
  const visibleBindings = steps.map(() => 0)
  const settled = steps.map(() => false)

  const boundIndex = (array: unknown[]): number => {
    for (let k = boundArrays.length - 1; k >= 0; k--) if (boundArrays[k] === array) return boundIndexes[k]
    return -1
  }
  const child = (node: unknown, name: string): unknown =>
    isPlainObject(node) && hasOwn.call(node, name) ? node[name] : undefined

  /** Is there a leaf at the path, consistent with the elements bound so far? */
  const present = (node: unknown, path: string[], depth: number): boolean => {
    if (Array.isArray(node)) {
      const bound = boundIndex(node)
      if (bound >= 0) return present(node[bound], path, depth)
      for (const element of node) if (present(element, path, depth)) return true
      return false
    }
    if (depth === path.length) return isLeaf(node)
    const next = child(node, path[depth])
    return next !== undefined && present(next, path, depth + 1)
  }

  /** Tries each leaf at the step's path; on a match, goes on with the next step. */
  const visit = (node: unknown, index: number, depth: number): boolean => {
    const step = steps[index]
    if (Array.isArray(node)) {
      const bound = boundIndex(node)
      if (bound >= 0) return visit(node[bound], index, depth)
      const visible = depth <= shared[index] ? 1 : 0
      visibleBindings[index] += visible
      for (let k = 0; k < node.length && !settled[index]; k++) {
        boundArrays.push(node)
        boundIndexes.push(k)
        const matched = visit(node[k], index, depth)
        boundArrays.pop()
        boundIndexes.pop()
        if (matched) {
          visibleBindings[index] -= visible
          return true
        }
      }
      visibleBindings[index] -= visible
      return false
    }
    if (depth === step.path.length) {
      if (!isLeaf(node) || !step.test!(node)) return false
      if (from(index + 1)) return true
      if (visibleBindings[index] === 0) settled[index] = true
      return false
    }
    const next = child(node, step.path[depth])
    return next !== undefined && visit(next, index, depth + 1)
  }

  const from = (index: number): boolean => {
    if (index === steps.length) return true
    const step = steps[index]
    if (step.absentOk && !present(root, step.path, 0) && from(index + 1)) return true
    if (step.test === undefined) return false
    settled[index] = false
    visibleBindings[index] = 0
    return visit(root, index, 0)
  }

  return (document) => {
    root = document
    boundArrays.length = 0
    boundIndexes.length = 0
    try {
      return from(0)
    } catch (error) {
      // A record nested too deeply to walk (thousands of arrays within arrays) does not match,
      // rather than failing the batch it came in.
      if (error instanceof RangeError) return false
      throw error
    } finally {
      root = undefined
    }
  }
}

/** Why the pattern is invalid (one line), or undefined when it is valid. */
export function patternProblem(text: string): string | undefined {
  try {
    parse(text)
    return undefined
  } catch (error) {
    if (error instanceof PatternError) return error.message
    throw error
  }
}

/** Compiles a pattern once; throws PatternError with the reason when it is invalid. */
export function compilePattern(text: string): CompiledPattern {
  const branches = parse(text)
  const matchers = branches.map(branchMatcher)
  const usesData = branches.some((steps) => steps.some((step) => step.path[0] === 'data'))
  const any =
    matchers.length === 1
      ? matchers[0]
      : (document: unknown) => {
          for (const matcher of matchers) if (matcher(document)) return true
          return false
        }
  const matches = usesData ? (document: unknown) => isPlainObject(document) && hasOwn.call(document, 'data') && any(document) : any
  return {matches, usesData}
}
