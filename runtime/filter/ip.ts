// IP addresses for the event-pattern `cidr` operator and for plain string values that are IP
// addresses, as AWS's event-ruler reads them (CIDR.java): an address becomes a fixed-width hex string
// (8 digits for IPv4, 32 for IPv6), so a range check is a string comparison of equal-length strings.
// Only dotted-quad IPv4 and hex-and-colons IPv6 count as addresses (no zones, no embedded IPv4).

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/
const IPV6 = /^[0-9a-fA-F:]*:[0-9a-fA-F:]*$/
const HEX = '0123456789ABCDEF'

function hex(bytes: number[]): string {
  let out = ''
  for (const byte of bytes) out += HEX[byte >> 4] + HEX[byte & 15]
  return out
}

function ipv4Bytes(text: string): number[] | undefined {
  const parts = IPV4.exec(text)
  if (!parts) return undefined
  const bytes = parts.slice(1).map(Number)
  return bytes.every((byte) => byte <= 255) ? bytes : undefined
}

function ipv6Bytes(text: string): number[] | undefined {
  if (!IPV6.test(text)) return undefined
  const halves = text.split('::')
  if (halves.length > 2) return undefined
  const groups = (half: string): string[] => (half === '' ? [] : half.split(':'))
  const head = groups(halves[0])
  const tail = halves.length === 2 ? groups(halves[1]) : []
  const missing = 8 - head.length - tail.length
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined
  const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail]
  if (!all.every((group) => /^[0-9a-fA-F]{1,4}$/.test(group))) return undefined
  return all.flatMap((group) => {
    const value = Number.parseInt(group, 16)
    return [value >> 8, value & 255]
  })
}

const addressBytes = (text: string): number[] | undefined => ipv4Bytes(text) ?? ipv6Bytes(text)

/** The address as fixed-width upper-case hex (8 or 32 digits), or undefined when it is not one. */
export function ipKey(text: string): string | undefined {
  if (text.length > 39) return undefined
  const bytes = addressBytes(text)
  return bytes && hex(bytes)
}

export interface CidrRange {
  low: string
  high: string
}

/**
 * A `cidr` operand as a range of ipKey strings, or the reason it is refused. As in event-ruler,
 * the range starts at the address as written (host bits are not cleared: `10.0.0.5/24` covers
 * 10.0.0.5 to 10.0.0.255) and the mask is 0-31 for IPv4, 0-127 for IPv6.
 */
export function cidrRange(text: string): CidrRange | string {
  const slashed = text.split('/')
  if (slashed.length !== 2) return `cidr '${text}' needs one '/' (address/bits)`
  if (!/^\d{1,3}$/.test(slashed[1])) return `cidr '${text}': the mask bits must be a whole number`
  const bytes = addressBytes(slashed[0])
  if (!bytes) return `cidr '${text}': '${slashed[0]}' is not an IPv4 or IPv6 address`
  const bits = Number(slashed[1])
  const width = bytes.length * 8
  if (bits >= width) return `cidr '${text}': ${bytes.length === 4 ? 'IPv4' : 'IPv6'} mask bits must be 0 to ${width - 1} (as in EventBridge; match one address with a plain string value)`
  let hostBits = width - bits
  const top = [...bytes]
  for (let i = top.length - 1; i >= 0 && hostBits > 0; i--, hostBits -= 8) {
    top[i] |= hostBits >= 8 ? 255 : (1 << hostBits) - 1
  }
  return {high: hex(top), low: hex(bytes)}
}
