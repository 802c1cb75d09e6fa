// Strict base64 decoding. Buffer.from(text, 'base64') never throws: it skips characters it does not
// know and stops at stray padding, so a damaged record would silently lose bytes. The decoded length
// tells: it must be exactly what the text's length and padding promise.

export function decodeBase64Strict(text: string): Buffer | undefined {
  if (text.length % 4 !== 0) return undefined
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0
  const data = Buffer.from(text, 'base64')
  return data.length === (text.length / 4) * 3 - padding ? data : undefined
}
