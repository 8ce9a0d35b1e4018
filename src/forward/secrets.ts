import { kvs } from '@forge/kvs';

/**
 * Destination credentials live in KVS as secrets (`kvs.setSecret`, encrypted at rest, never returned by
 * `kvs.get` or queries), under `destination:<id>`. Nothing here sends a secret to the browser: the admin
 * page gets `maskSecret`'s form only.
 */
const keyOf = (id: string) => `destination:${id}`;

export async function readSecret(id: string): Promise<string | undefined> {
  const value = await kvs.getSecret<string>(keyOf(id));
  return typeof value === 'string' && value ? value : undefined;
}

export async function writeSecret(id: string, secret: string): Promise<void> {
  await kvs.setSecret(keyOf(id), secret);
}

export async function deleteSecret(id: string): Promise<void> {
  await kvs.deleteSecret(keyOf(id));
}

/** `••••abcd`: enough to tell two credentials apart, too little to use one. Short secrets show no characters. */
export function maskSecret(secret: string | undefined): string | null {
  if (!secret) return null;
  return secret.length >= 12 ? `••••${secret.slice(-4)}` : '••••';
}

export function isMasked(value: string): boolean {
  return value.startsWith('••••');
}
