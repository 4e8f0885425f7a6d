/**
 * What a gateway error body says, for messages. Qualys documents no error format for `/connectors/v1.0/`
 * (docs/simulator.md): JSON `{ message, errors: [{ field, message }] }` is read when present, any other body is shown verbatim
 * (shortened), because dropping the body is the complaint users have about other clients (JupiterOne#45).
 */
export function gatewayErrorMessage(body: string, maxLength = 400): string {
  const text = body.trim()
  if (text === '') return ''
  try {
    const json = JSON.parse(text) as { message?: unknown; error?: unknown; errors?: unknown }
    const parts: string[] = []
    if (typeof json.message === 'string' && json.message !== '') parts.push(json.message)
    else if (typeof json.error === 'string') parts.push(json.error)
    if (Array.isArray(json.errors)) {
      for (const e of json.errors as { field?: unknown; message?: unknown }[]) {
        if (typeof e?.message === 'string') parts.push(typeof e.field === 'string' ? `${e.field}: ${e.message}` : e.message)
      }
    }
    if (parts.length > 0) return shorten(parts.join('; '), maxLength)
  } catch {
    // not JSON: shown as text below
  }
  return shorten(text.replace(/\s+/g, ' '), maxLength)
}

function shorten(text: string, maxLength: number): string {
  return text.length > maxLength ? `${text.slice(0, maxLength - 1)}…` : text
}
