// Destinations as status shows them: without secrets (DESIGN.md, "The CLI"), through the one
// redaction of the project (runtime/mapping/redact.ts).
import {redactDestination} from '../../runtime/mapping/redact.js'

export function shownDestination(type: string | null, destination: string): string {
  return redactDestination(type ?? '', destination)
}
