// Values put into a suggested follow-up command are quoted for a POSIX shell when they need it, so
// the command can be pasted as shown whatever the id holds.
const SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/

export const shellQuote = (value: string): string => (SAFE.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`)
