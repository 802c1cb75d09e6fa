import assert from 'node:assert/strict'
import {compileTemplate, TemplateError, templateProblem} from '../../../runtime/filter/key-template.js'

const document = {
  data: {customerId: 'c-42', empty: '', flag: false, items: [{sku: 'A-1'}, {sku: 'B-2'}], nested: {x: 1}, nil: null, price: 12.5, qty: 3},
  dynamodb: {Keys: {id: {S: 'order-1'}}},
  partitionKey: 'pk-1',
}

describe('key templates', () => {
  const cases: Array<[string, string | undefined]> = [
    ['${data.customerId}', 'c-42'],
    ['${data.items.0.sku}', 'A-1'],
    ['${data.items.1.sku}', 'B-2'],
    ['${partitionKey}', 'pk-1'],
    ['${dynamodb.Keys.id.S}', 'order-1'],
    ['customer-${data.customerId}/${data.qty}', 'customer-c-42/3'],
    ['${data.price}', '12.5'],
    ['${data.flag}', 'false'],
    ['constant', 'constant'],
    ['$${data.customerId}', '${data.customerId}'],
    ['a$${b}-${data.qty}', 'a${b}-3'],
    ['cost $5 {x}', 'cost $5 {x}'],
    // a path that gives nothing usable: the default key
    ['${data.missing}', undefined],
    ['${data.nested}', undefined],
    ['${data.items}', undefined],
    ['${data.nil}', undefined],
    ['${data.empty}', undefined],
    ['${data.items.2.sku}', undefined],
    ['${data.items.x}', undefined],
    ['${data.customerId.length}', undefined],
    ['${data.toString}', undefined],
    ['prefix-${data.missing}', undefined],
  ]
  for (const [template, expected] of cases) {
    it(`renders ${template} as ${expected ?? 'undefined (default key)'}`, () => {
      assert.equal(templateProblem(template), undefined)
      assert.equal(compileTemplate(template).render(document), expected)
    })
  }

  it('says whether it reads data', () => {
    assert.equal(compileTemplate('${data.a}').usesData, true)
    assert.equal(compileTemplate('${partitionKey}-${dynamodb.Keys.id.S}').usesData, false)
    assert.equal(compileTemplate('data').usesData, false)
  })

  const invalid: Array<[string, RegExp]> = [
    ['', /may not be empty/],
    ['${data.a', /unclosed '\$\{' at character 1/],
    ['x-${', /unclosed '\$\{' at character 3/],
    ['${}', /empty placeholder/],
    ['${data..a}', /single dots/],
    ['${.a}', /single dots/],
    ['${a.}', /single dots/],
    ['${ data.a }', /no spaces around the path/],
  ]
  for (const [template, reason] of invalid) {
    it(`refuses '${template}'`, () => {
      assert.match(templateProblem(template) ?? '', reason)
      assert.throws(() => compileTemplate(template), TemplateError)
    })
  }
})
