// The one redaction of mapping secrets, for every output path (register, update, list, list --json,
// tail --target, errors, --debug, the function's log lines): the password in a URL destination
// (`rediss://user:****@host:6380`, user and host kept) and every secret property (externalId) as
// `****`. The table keeps the values as written; only what is shown is redacted.
import {SECRET_ATTRIBUTES} from './properties.js'

export const MASK = '****'

/** user:PASSWORD@ in any scheme://... URL (redis://, rediss://, https://). */
const URL_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]*):([^\s@/]+)@/gi


/** The destination as it may be shown: a URL's password becomes `****`. */
export function redactDestination(_type: string, destination: string): string {
  return destination.replace(URL_PASSWORD, `$1:${MASK}@`)
}

/** A copy of a mapping (or a table item) that may be shown: destination redacted, secrets masked. */
export function redactMapping<T extends object>(mapping: T): T {
  const out = {...mapping} as Record<string, unknown>
  if (typeof out.destination === 'string') out.destination = redactDestination(String(out.type ?? ''), out.destination)
  for (const name of SECRET_ATTRIBUTES) if (out[name] !== undefined) out[name] = MASK
  return out as T
}

const known = new Set<string>()

/** Remembers secret values (external ids) so that redactSecrets masks them wherever they appear (6 characters or more: shorter ones would mask ordinary words). */
export function rememberSecret(value: string | undefined): void {
  if (value && value.length >= 6) known.add(value)
}

/** Any text that may hold a destination or a remembered secret (error lines, stack traces). */
export function redactSecrets(text: string, secrets: Iterable<string> = []): string {
  let out = text.replace(URL_PASSWORD, `$1:${MASK}@`)
  for (const secret of [...known, ...secrets].sort((a, b) => b.length - a.length)) {
    if (secret) out = out.split(secret).join(MASK)
  }
  return out
}
