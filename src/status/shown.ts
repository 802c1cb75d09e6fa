// Destinations as status shows them: without secrets (DESIGN.md, "The CLI").
// Until runtime/mapping/redact.ts (redactDestination) lands on main, the password of a redis:// or
// rediss:// URL is masked here; status then calls redactDestination instead.
export function shownDestination(type: string | null, destination: string): string {
  void type
  return destination.replace(/^(rediss?:\/\/)([^:@/]*):([^@/]*)@/i, (_match, scheme: string, user: string) => `${scheme}${user}:****@`)
}
