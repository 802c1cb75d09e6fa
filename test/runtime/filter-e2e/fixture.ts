// Shared by the filter end-to-end tests (packaged function, CLI, tail): the vector table split by
// source, a bounded-concurrency map (2 shared cores: many streams, rows and CLI runs, a few at a
// time) and the EMF lines of an invocation.
import {PATTERN_VECTORS, type PatternVector} from '../filter/vectors.js'
import {jsonLogs} from '../../helpers/zip-handler.js'

export interface IndexedVector extends PatternVector {
  /** Position in PATTERN_VECTORS (names rows, streams and assertions). */
  index: number
}

export const VECTORS: IndexedVector[] = PATTERN_VECTORS.map((vector, index) => ({...vector, index}))
export const KINESIS_VECTORS = VECTORS.filter((vector) => vector.source === 'kinesis')
export const DYNAMODB_VECTORS = VECTORS.filter((vector) => vector.source === 'dynamodb')

/** `v017 (rule)`: how a vector is named in assertion messages. */
export const vectorName = (vector: IndexedVector): string => `v${String(vector.index).padStart(3, '0')} (${vector.rule})`

/** fn over items, at most `limit` at a time; results in item order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length)
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const n = next++
      out[n] = await fn(items[n], n)
    }
  }
  await Promise.all(Array.from({length: Math.min(limit, items.length)}, worker))
  return out
}

export type EmfLine = Record<string, unknown> & {_aws: unknown}

/** The EMF lines an invocation logged. */
export const emfLines = (logs: string[]): EmfLine[] => jsonLogs(logs).filter((line): line is EmfLine => Boolean(line._aws))

/** The per-target EMF line of one mapping (undefined when the function logged none). */
export const targetMetric = (logs: string[], target: string): EmfLine | undefined => emfLines(logs).find((line) => line.Target === target)

/** Sum of one EMF count over the per-target lines of these mappings. */
export function metricSum(logs: string[], name: string, targets?: readonly string[]): number {
  return emfLines(logs)
    .filter((line) => line.Target !== undefined && (!targets || targets.includes(String(line.Target))))
    .reduce((sum, line) => sum + (typeof line[name] === 'number' ? (line[name] as number) : 0), 0)
}
