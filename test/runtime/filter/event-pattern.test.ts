import assert from 'node:assert/strict'
import {compilePattern, MAX_BRANCHES, PatternError, patternProblem} from '../../../runtime/filter/event-pattern.js'
import {INVALID_PATTERN_VECTORS, PATTERN_VECTORS} from './vectors.js'

describe('event patterns: the vector table', () => {
  it('has at least 80 matching vectors, each with a cited rule, and unique names', () => {
    assert.ok(PATTERN_VECTORS.length >= 80, `${PATTERN_VECTORS.length} vectors`)
    const names = [...PATTERN_VECTORS, ...INVALID_PATTERN_VECTORS].map((vector) => vector.rule)
    assert.equal(new Set(names).size, names.length, 'duplicate rule names')
    for (const vector of [...PATTERN_VECTORS, ...INVALID_PATTERN_VECTORS]) assert.match(vector.doc, /^https:\/\/(docs\.aws\.amazon\.com|github\.com\/aws\/event-ruler)\//, vector.rule)
  })

  for (const vector of PATTERN_VECTORS) {
    it(`${vector.matches ? 'matches' : 'does not match'}: ${vector.rule}`, () => {
      assert.equal(patternProblem(vector.pattern), undefined)
      assert.equal(compilePattern(vector.pattern).matches(vector.document), vector.matches)
    })
  }

  for (const vector of INVALID_PATTERN_VECTORS) {
    it(`refuses: ${vector.rule}`, () => {
      const problem = patternProblem(vector.pattern)
      assert.ok(problem, 'accepted')
      assert.match(problem, vector.reason)
      assert.doesNotMatch(problem, /\n/)
      assert.throws(() => compilePattern(vector.pattern), (error: unknown) => error instanceof PatternError && error.message === problem)
    })
  }
})

describe('event patterns: compiled matchers', () => {
  it('says whether the pattern names data', () => {
    assert.equal(compilePattern('{"data":{"a":["x"]}}').usesData, true)
    assert.equal(compilePattern('{"$or":[{"partitionKey":["a"]},{"data":{"a":["x"]}}]}').usesData, true)
    assert.equal(compilePattern('{"partitionKey":["a"]}').usesData, false)
    assert.equal(compilePattern('{"dynamodb":{"NewImage":{"a":{"S":["x"]}}}}').usesData, false)
  })

  it('can be used again and again (no state kept between documents)', () => {
    const pattern = compilePattern('{"items":{"sku":["A"],"qty":[{"numeric":[">",1]}]}}')
    const yes = {items: [{qty: 1, sku: 'A'}, {qty: 2, sku: 'A'}]}
    const no = {items: [{qty: 1, sku: 'A'}, {qty: 2, sku: 'B'}]}
    for (let i = 0; i < 3; i++) {
      assert.equal(pattern.matches(yes), true)
      assert.equal(pattern.matches(no), false)
    }
  })

  it('does not read inherited properties as fields', () => {
    assert.equal(compilePattern('{"constructor":[{"exists":true}]}').matches({}), false)
    assert.equal(compilePattern('{"toString":[{"exists":false}]}').matches({}), true)
    assert.equal(compilePattern('{"__proto__":["x"]}').matches(JSON.parse('{"__proto__":"x"}')), true)
  })

  it('matches nothing but exists:false against a non-object document', () => {
    assert.equal(compilePattern('{"a":["x"]}').matches(undefined), false)
    assert.equal(compilePattern('{"a":["x"]}').matches('x'), false)
    assert.equal(compilePattern('{"a":[{"exists":false}]}').matches(undefined), true)
  })

  it('takes the last value of a field given twice, also through $or (as event-ruler does)', () => {
    const pattern = compilePattern('{"a":["1"],"$or":[{"a":["2"]},{"b":["3"]}]}')
    assert.equal(pattern.matches({a: '2'}), true)
    assert.equal(pattern.matches({a: '1', b: '3'}), true)
    assert.equal(pattern.matches({a: '1'}), false)
  })

  it('refuses too many $or combinations', () => {
    const or = (n: number) => `{"$or":[{"a${n}":[1]},{"b${n}":[1]}]}`
    const fields = Array.from({length: 11}, (_, n) => `"f${n}":${or(n)}`).join(',')
    assert.match(patternProblem(`{${fields}}`) ?? '', new RegExp(`more than ${MAX_BRANCHES} combinations`))
    const fewer = Array.from({length: 10}, (_, n) => `"f${n}":${or(n)}`).join(',')
    assert.equal(patternProblem(`{${fewer}}`), undefined)
  })

  it('keeps wildcard matching linear on hostile input', () => {
    const pattern = compilePattern('{"v":[{"wildcard":"*a*a*a*a*a*a*a*b"}]}')
    const started = process.hrtime.bigint()
    assert.equal(pattern.matches({v: 'a'.repeat(100_000)}), false)
    assert.ok(Number(process.hrtime.bigint() - started) / 1e6 < 500)
  })

  it('gives a one-line reason for JSON errors even in multi-line text', () => {
    const problem = patternProblem('{\n  "a": [\n    "x",\n  ]\n}')
    assert.match(problem ?? '', /^not JSON: /)
    assert.doesNotMatch(problem ?? '', /\n/)
  })
})
