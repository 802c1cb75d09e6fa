// The open circuit of docs/runtime.md, "Isolation": after a mapping parked records because its target
// refused them or did not take them in time, a warm container parks that mapping's next records
// without calling the target for a cool-down (5 s, doubling on each further parking, at most
// 5 minutes); then one batch probes the target, and a success closes the circuit.

export const CIRCUIT_FIRST_COOL_DOWN_MS = 5_000
export const CIRCUIT_MAX_COOL_DOWN_MS = 5 * 60_000

export type CircuitState = 'closed' | 'open' | 'half-open'

interface Circuit {
  openUntil: number
  coolDownMs: number
}

export class Circuits {
  private readonly circuits = new Map<string, Circuit>()

  state(key: string, now: number): CircuitState {
    const circuit = this.circuits.get(key)
    if (!circuit) return 'closed'
    return now < circuit.openUntil ? 'open' : 'half-open'
  }

  /** The mapping parked for reason refused or expired: open (again), the cool-down doubling. */
  trip(key: string, now: number): number {
    const previous = this.circuits.get(key)
    const coolDownMs = previous ? Math.min(CIRCUIT_MAX_COOL_DOWN_MS, previous.coolDownMs * 2) : CIRCUIT_FIRST_COOL_DOWN_MS
    this.circuits.set(key, {coolDownMs, openUntil: now + coolDownMs})
    return coolDownMs
  }

  /** The probe went through: closed. */
  close(key: string): void {
    this.circuits.delete(key)
  }

  /** Keeps the map bounded to the mappings in use. */
  retain(keys: Set<string>): void {
    for (const key of this.circuits.keys()) if (!keys.has(key)) this.circuits.delete(key)
  }
}
