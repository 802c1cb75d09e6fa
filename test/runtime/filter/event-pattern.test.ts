import assert from 'node:assert/strict'
import {readFileSync} from 'node:fs'
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

describe('docs/filters.md', () => {
  const text = readFileSync(new URL('../../../docs/filters.md', import.meta.url), 'utf8')

  it('holds only valid patterns in its json examples', () => {
    const blocks = [...text.matchAll(/```json\n([\s\S]*?)```/g)].map((match) => match[1])
    assert.ok(blocks.length >= 7, `${blocks.length} blocks`)
    for (const block of blocks) assert.equal(patternProblem(block), undefined, block)
  })

  it('quotes reasons as the matcher gives them', () => {
    assert.equal(patternProblem('{"data":{"amount":[{"numeric":[">",5,"<",1]}]}}'), 'data.amount: numeric range: the lower bound 5 must be below the upper bound 1')
    assert.equal(patternProblem('{"data":{"path":[{"wildcard":"a**b"}]}}'), "data.path: wildcard 'a**b': consecutive '*' are not allowed")
    for (const line of ['data.amount: numeric range: the lower bound 5 must be below the upper bound 1', "data.path: wildcard 'a**b': consecutive '*' are not allowed", 'longer than 4,096 characters (4,097)']) {
      assert.ok(text.includes(line), line)
    }
  })

  it('holds valid patterns in its operator table', () => {
    const rows = [...text.matchAll(/^\| `[a-z$][a-z-]*`[^|]*\| `([^`]+)`/gm)].map((match) => match[1])
    assert.ok(rows.length >= 15, `${rows.length} rows`)
    for (const row of rows) {
      const field = row.split(' / ')[0].split('`, `')[0]
      const pattern = field.startsWith('{') ? field : `{${field}}`
      assert.equal(patternProblem(pattern), undefined, pattern)
    }
  })
})

describe('event patterns: search cost', () => {
  it('stays linear over independent arrays that all match but a later field fails', () => {
    const many = Array.from({length: 3000}, (_, n) => ({v: 'x', n}))
    const pattern = compilePattern('{"a":{"v":["x"]},"b":{"v":["x"]},"c":["never"]}')
    const started = process.hrtime.bigint()
    assert.equal(pattern.matches({a: many, b: many.map((item) => ({...item})), c: 'other'}), false)
    assert.ok(Number(process.hrtime.bigint() - started) / 1e6 < 200)
  })

  it('still searches other elements when later fields see the binding', () => {
    const pattern = compilePattern('{"items":{"sku":["A"],"zone":["eu"]}}')
    assert.equal(pattern.matches({items: [{sku: 'A', zone: 'us'}, {sku: 'A', zone: 'eu'}]}), true)
    const nested = compilePattern('{"o":{"items":{"sku":["A"]},"zone":["eu"]}}')
    assert.equal(nested.matches({o: [{items: [{sku: 'A'}], zone: 'us'}, {items: [{sku: 'B'}, {sku: 'A'}], zone: 'eu'}]}), true)
  })
})

describe('event patterns: hostile records', () => {
  it('does not throw on a record nested too deeply to walk (it does not match)', () => {
    const deep = JSON.parse(`{"a":${'['.repeat(200_000)}"x"${']'.repeat(200_000)}}`)
    assert.equal(compilePattern('{"a":["x"]}').matches(deep), false)
    assert.equal(compilePattern('{"a":[{"exists":false}]}').matches(deep), false)
  })
})
