/** What a scrubbed secret is shown as. */
export const SCRUBBED = '[secret]';

/** Shorter values are not scrubbed: replacing every "ab" would garble a reason and hide nothing. */
const MIN_SCRUBBED_LENGTH = 6;

/** Request headers whose values are or derive from the credential. */
const CREDENTIAL_HEADER = /auth|key|token|secret|signature/i;

/**
 * The values a receiver's answer must not repeat into a reason the app stores (`last_error`) or shows
 * (`destinations.test`): the secret as sent (plain, URL-encoded, base64 as in Basic auth), an access
 * token fetched with it, and every credential header of the request.
 */
export function secretsOf(
  secret: string,
  extra: { readonly token?: string; readonly headers?: Readonly<Record<string, string>> } = {},
): string[] {
  const headerValues = Object.entries(extra.headers ?? {})
    .filter(([name]) => CREDENTIAL_HEADER.test(name))
    .flatMap(([, value]) => [value, ...value.split(/[\s,]+/)]);
  return [
    secret,
    encodeURIComponent(secret),
    Buffer.from(secret, 'utf8').toString('base64'),
    ...(extra.token ? [extra.token] : []),
    ...headerValues,
  ];
}

/** `text` with every occurrence of each secret replaced, longest first so a part never reveals the rest. */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  const targets = [...new Set(secrets)]
    .filter((value) => value.length >= MIN_SCRUBBED_LENGTH)
    .sort((a, b) => b.length - a.length);
  let out = text;
  for (const value of targets) out = out.split(value).join(SCRUBBED);
  return out;
}
