// Destinations as status shows them: without secrets (docs/architecture.md, "The CLI"; docs/status.md),
// through the one redaction of the project (runtime/mapping/redact.ts).
import {redactDestination} from '../../runtime/mapping/redact.js'

export function shownDestination(type: string | null, destination: string): string {
  return redactDestination(type ?? '', destination)
}
