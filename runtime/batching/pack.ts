// Packs items into batches that respect an API's count and byte limits, keeping their order.
// Callers drop items that alone exceed maxBytes first (they can never be sent).

export interface BatchLimits {
  maxEntries: number
  maxBytes: number
}

export function packBatches<T>(items: T[], sizeOf: (item: T) => number, limits: BatchLimits): T[][] {
  const batches: T[][] = []
  let current: T[] = []
  let currentBytes = 0
  for (const item of items) {
    const size = sizeOf(item)
    if (current.length > 0 && (current.length >= limits.maxEntries || currentBytes + size > limits.maxBytes)) {
      batches.push(current)
      current = []
      currentBytes = 0
    }
    current.push(item)
    currentBytes += size
  }
  if (current.length > 0) batches.push(current)
  return batches
}
