/** What a pull-API request asks for: `?after=<seq>&limit=<n>&format=json|ndjson`. */
export interface PullQuery {
  readonly after: number;
  readonly limit: number;
  readonly format: 'json' | 'ndjson';
}

export const PULL_DEFAULT_LIMIT = 100;
export const PULL_MAX_LIMIT = 1000;

const KNOWN = ['after', 'limit', 'format'];

/**
 * Reads the query parameters (Forge gives each as a list of values) or says which one is wrong, so a
 * client's 400 names the parameter. Unknown parameters are refused rather than ignored: a misspelt
 * `afterr` would otherwise silently restart the client from the beginning of the log.
 */
export function parsePullQuery(
  parameters: Readonly<Record<string, readonly string[]>> | undefined,
):
  | { readonly ok: true; readonly query: PullQuery }
  | { readonly ok: false; readonly parameter: string; readonly message: string } {
  const params = parameters ?? {};
  for (const [name, values] of Object.entries(params)) {
    if (!KNOWN.includes(name)) {
      return {
        ok: false,
        parameter: name,
        message: `unknown parameter '${name}'; use after, limit and format`,
      };
    }
    if (values.length > 1)
      return { ok: false, parameter: name, message: `'${name}' is given more than once` };
  }
  const one = (name: string) => params[name]?.[0];
  const after = integer(one('after'), 0);
  if (after === undefined || after < 0) {
    return { ok: false, parameter: 'after', message: "'after' must be a seq: a whole number, 0 or more" };
  }
  const limit = integer(one('limit'), PULL_DEFAULT_LIMIT);
  if (limit === undefined || limit < 1 || limit > PULL_MAX_LIMIT) {
    return {
      ok: false,
      parameter: 'limit',
      message: `'limit' must be a whole number from 1 to ${PULL_MAX_LIMIT}`,
    };
  }
  const format = one('format') ?? 'json';
  if (format !== 'json' && format !== 'ndjson') {
    return { ok: false, parameter: 'format', message: "'format' must be 'json' or 'ndjson'" };
  }
  return { ok: true, query: { after, limit, format } };
}

function integer(text: string | undefined, fallback: number): number | undefined {
  if (text === undefined) return fallback;
  if (!/^\d{1,15}$/.test(text.trim())) return undefined;
  return Number(text.trim());
}

/** The bearer token of an `Authorization` header, whatever the case of its name (Forge passes them as sent). */
export function bearerToken(
  headers: Readonly<Record<string, readonly string[]>> | undefined,
): string | undefined {
  for (const [name, values] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() !== 'authorization') continue;
    const match = /^Bearer\s+(\S+)\s*$/i.exec(values[0] ?? '');
    return match?.[1];
  }
  return undefined;
}
