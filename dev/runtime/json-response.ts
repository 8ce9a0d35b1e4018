/** Responses as the Forge proxy sends them: JSON bodies, Forge-style `{ code, message }` errors. */
export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

export function forgeError(status: number, code: string, message: string, extra: object = {}): Response {
  return jsonResponse(status, { code, message, ...extra });
}
