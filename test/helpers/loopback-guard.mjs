// Tests never leave loopback. Imported by test/setup.mjs (the mocha process) and, through
// NODE_OPTIONS=--import (TEST_AWS_ENV, test/helpers/emulators.ts), by every Node child a test
// starts (the CLI, the packaged handler). Any connection or DNS lookup for a host outside
// 127.0.0.0/8 and ::1 is refused with an error naming the host, and recorded: in the file named by
// FANOUT_LOOPBACK_GUARD_LOG (test/setup.mjs fails the running test when it grows) and, in a child,
// on stderr. Loopback addresses and localhost names (`localhost`, `*.localhost`, answered by the
// guard itself) are allowed; Unix sockets are local.
import dns from 'node:dns'
import {appendFileSync} from 'node:fs'
import {syncBuiltinESMExports} from 'node:module'
import net from 'node:net'

const INSTALLED = Symbol.for('kinesis-fanout.loopback-guard')

export const GUARD_CODE = 'ERR_TEST_LOOPBACK_GUARD'

const LOOPBACK = new net.BlockList()
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4')
LOOPBACK.addAddress('::1', 'ipv6')

/** True for 127.0.0.0/8, ::1 and their IPv4-mapped forms. */
export function isLoopbackAddress(address) {
  const text = String(address).replace(/^\[|\]$/g, '')
  const family = net.isIP(text)
  return family !== 0 && LOOPBACK.check(text, family === 4 ? 'ipv4' : 'ipv6')
}

/** `localhost` and names under `.localhost`, loopback by RFC 6761. */
export function isLocalhostName(host) {
  const text = String(host).toLowerCase().replace(/\.$/, '')
  return text === 'localhost' || text.endsWith('.localhost')
}

/** Hosts a test may name: loopback addresses and localhost names (an empty host means localhost to Node). */
export function isAllowedHost(host) {
  if (host === undefined || host === null || host === '') return true
  return isLocalhostName(host) || isLoopbackAddress(String(host))
}

function record(what) {
  const line = `loopback guard: refused ${what}: tests never leave 127.0.0.0/8 and ::1 (point this client at an emulator, moto or the test stand-in)`
  const log = process.env.FANOUT_LOOPBACK_GUARD_LOG
  if (log) {
    try {
      appendFileSync(log, `${JSON.stringify({pid: process.pid, what, argv: process.argv.slice(1, 4).join(' ')})}\n`)
    } catch {
      // The log is a convenience; the refusal itself still happens.
    }
  }
  if (process.env.FANOUT_LOOPBACK_GUARD_CHILD) process.stderr.write(`${line}\n`)
  const error = new Error(line)
  error.code = GUARD_CODE
  return error
}

/** The host and port of a Socket#connect call, or undefined for a Unix socket / pipe. */
function target(args) {
  let first = args[0]
  // net.connect() passes its normalized arguments as one array.
  if (Array.isArray(first)) first = first[0]
  if (first && typeof first === 'object') {
    if (first.path) return undefined
    return {host: first.host, port: first.port}
  }
  if (typeof first === 'string' && !/^\d+$/.test(first)) return undefined
  return {host: typeof args[1] === 'string' ? args[1] : undefined, port: first}
}

export function installLoopbackGuard() {
  if (globalThis[INSTALLED]) return
  globalThis[INSTALLED] = true

  const connect = net.Socket.prototype.connect
  net.Socket.prototype.connect = function guardedConnect(...args) {
    const to = target(args)
    if (to && !isAllowedHost(to.host)) {
      const error = record(`a connection to ${to.host}:${to.port}`)
      // As a failed connect does: the error comes after the caller (an http.Agent, a TLS socket)
      // has attached its listeners.
      this.connecting = true
      setImmediate(() => this.destroy(error))
      return this
    }
    return connect.apply(this, args)
  }

  const refuseLookup = (hostname) => record(`a DNS lookup of ${hostname}`)

  const lookup = dns.lookup
  dns.lookup = function guardedLookup(hostname, options, callback) {
    if (!isAllowedHost(hostname)) {
      const cb = typeof options === 'function' ? options : callback
      const error = refuseLookup(hostname)
      process.nextTick(() => cb(error))
      return {}
    }
    // A name under .localhost is answered here (RFC 6761), so no query for it leaves the machine.
    if (isLocalhostName(hostname) && String(hostname).toLowerCase().replace(/\.$/, '') !== 'localhost') {
      const cb = typeof options === 'function' ? options : callback
      const opts = typeof options === 'object' && options ? options : {family: typeof options === 'number' ? options : 0}
      const family = opts.family === 6 || opts.family === 'IPv6' ? 6 : 4
      const address = family === 6 ? '::1' : '127.0.0.1'
      process.nextTick(() => (opts.all ? cb(null, [{address, family}]) : cb(null, address, family)))
      return {}
    }
    return lookup.apply(this, arguments)
  }
  const promiseLookup = dns.promises.lookup
  dns.promises.lookup = async function guardedLookup(hostname, ...rest) {
    if (!isAllowedHost(hostname)) throw refuseLookup(hostname)
    if (isLocalhostName(hostname) && String(hostname).toLowerCase().replace(/\.$/, '') !== 'localhost') {
      const options = typeof rest[0] === 'object' && rest[0] ? rest[0] : {}
      const entry = options.family === 6 ? {address: '::1', family: 6} : {address: '127.0.0.1', family: 4}
      return options.all ? [entry] : entry
    }
    return promiseLookup.call(this, hostname, ...rest)
  }
  // Resolver queries (c-ares) go to the network's DNS servers for any name: refuse them outright
  // unless the name is loopback or localhost.
  const resolvers = ['resolve', 'resolve4', 'resolve6', 'resolveAny', 'resolveCname', 'resolveMx', 'resolveNs', 'resolveSrv', 'resolveTxt', 'resolveSoa', 'resolveNaptr', 'resolvePtr', 'resolveCaa', 'reverse']
  for (const target of [dns, dns.promises, dns.Resolver.prototype, dns.promises.Resolver.prototype]) {
    for (const name of resolvers) {
      const original = target[name]
      if (typeof original !== 'function') continue
      const promised = target === dns.promises || target === dns.promises.Resolver.prototype
      target[name] = function guardedResolve(hostname, ...rest) {
        if (!isAllowedHost(hostname)) {
          const error = refuseLookup(hostname)
          if (promised) return Promise.reject(error)
          const cb = rest[rest.length - 1]
          if (typeof cb === 'function') process.nextTick(() => cb(error))
          return undefined
        }
        return original.call(this, hostname, ...rest)
      }
    }
  }
  // `import {lookup} from 'node:dns'` must see the guarded functions too.
  syncBuiltinESMExports()
}

installLoopbackGuard()
