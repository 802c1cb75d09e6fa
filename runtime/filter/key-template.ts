// Key templates for `partitionKey` (kinesis targets) and `messageGroupId` (FIFO sqs/sns targets):
// literal text with `${path}` placeholders, path being a dot path into the match document
// (`${data.customerId}`, `${data.items.0.sku}`, `${partitionKey}`, `${dynamodb.Keys.id.S}`); a number
// in the path indexes an array. A string is used as it is, a number or boolean as its JSON text; a
// path that is missing or gives an object, an array, null or "" makes render() return undefined (the
// record keeps its default key). `$${` writes a literal `${`.

export class TemplateError extends Error {
  override name = 'TemplateError'
}

export interface KeyTemplate {
  /** The key, or undefined when a placeholder has no usable value (use the default key). */
  render(document: Record<string, unknown>): string | undefined
  /** A placeholder reads `data`, so the record must be JSON-parsed. */
  readonly usesData: boolean
}

type Part = string | string[]

const hasOwn = Object.prototype.hasOwnProperty
const INDEX = /^(0|[1-9]\d*)$/

function parse(text: string): Part[] {
  if (typeof text !== 'string' || text === '') throw new TemplateError('a key template may not be empty')
  const parts: Part[] = []
  let literal = ''
  let at = 0
  while (at < text.length) {
    if (text.startsWith('$${', at)) {
      literal += '${'
      at += 3
    } else if (text.startsWith('${', at)) {
      const end = text.indexOf('}', at + 2)
      if (end < 0) throw new TemplateError(`unclosed '\${' at character ${at + 1} of '${text}'`)
      const path = text.slice(at + 2, end)
      if (path === '') throw new TemplateError(`empty placeholder '\${}' at character ${at + 1}`)
      if (path.trim() !== path) throw new TemplateError(`no spaces around the path in '\${${path}}'`)
      const segments = path.split('.')
      if (segments.some((segment) => segment === '')) throw new TemplateError(`'\${${path}}': a path is names joined by single dots`)
      if (literal) parts.push(literal)
      literal = ''
      parts.push(segments)
      at = end + 1
    } else {
      literal += text[at++]
    }
  }
  if (literal) parts.push(literal)
  return parts
}

function lookup(document: unknown, path: string[]): string | undefined {
  let node = document
  for (const segment of path) {
    if (Array.isArray(node)) node = INDEX.test(segment) ? node[Number(segment)] : undefined
    else if (typeof node === 'object' && node !== null && hasOwn.call(node, segment)) node = (node as Record<string, unknown>)[segment]
    else return undefined
  }
  if (typeof node === 'string') return node === '' ? undefined : node
  if (typeof node === 'number') return Number.isFinite(node) ? JSON.stringify(node) : undefined
  if (typeof node === 'boolean') return JSON.stringify(node)
  return undefined
}

/** Why the template is invalid (one line), or undefined when it is valid. */
export function templateProblem(text: string): string | undefined {
  try {
    parse(text)
    return undefined
  } catch (error) {
    if (error instanceof TemplateError) return error.message
    throw error
  }
}

/** Compiles a template once; throws TemplateError with the reason when it is invalid. */
export function compileTemplate(text: string): KeyTemplate {
  const parts = parse(text)
  const usesData = parts.some((part) => typeof part !== 'string' && part[0] === 'data')
  if (parts.length === 1 && typeof parts[0] === 'string') {
    const constant = parts[0]
    return {render: () => constant, usesData}
  }
  return {
    render(document) {
      let out = ''
      for (const part of parts) {
        if (typeof part === 'string') out += part
        else {
          const value = lookup(document, part)
          if (value === undefined) return undefined
          out += value
        }
      }
      return out
    },
    usesData,
  }
}
