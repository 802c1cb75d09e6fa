// Memcached keys: at most 250 bytes, no spaces or control characters (the text protocol's rule,
// which ElastiCache clients of every language follow). A record key that breaks the rule is stored
// under `sha256:` + the SHA-256 hex digest of its UTF-8 bytes (71 bytes), never refused.
import {createHash} from 'node:crypto'
import {MEMCACHED_MAX_KEY_BYTES} from '../../limits.js'

export const HASHED_KEY_PREFIX = 'sha256:'

// Space, C0 controls and DEL are not allowed in a key.
const FORBIDDEN = /[\u0000-\u0020\u007f]/

export function memcachedKey(key: string): string {
  const bytes = Buffer.byteLength(key)
  if (bytes > 0 && bytes <= MEMCACHED_MAX_KEY_BYTES && !FORBIDDEN.test(key)) return key
  return HASHED_KEY_PREFIX + createHash('sha256').update(key, 'utf8').digest('hex')
}
