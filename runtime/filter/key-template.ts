// PLACEHOLDER of the matcher helper's module (branch h/matcher), same path and signature as
// PLAN.md names; replaced by theirs when main has it. It checks the placeholders' syntax only; it
// does not render keys.
const PLACEHOLDER = /\$\{([^}]*)\}/g

/** Why `text` is not a valid key template (one line), or undefined. */
export function templateProblem(text: string): string | undefined {
  if (text.length === 0) return 'the template is empty'
  const unescaped = text.replace(/\$\$\{/g, '')
  for (const match of unescaped.matchAll(PLACEHOLDER)) {
    if (!/^[^.\s]+(\.[^.\s]+)*$/.test(match[1])) return `placeholder \${${match[1]}} is not a dot path such as \${data.customerId}`
  }
  if (/\$\{[^}]*$/.test(unescaped)) return "a '${' is not closed by '}'"
  return undefined
}
