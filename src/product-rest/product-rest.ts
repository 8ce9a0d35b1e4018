import type { APIResponse } from '@forge/api';
import { ResolverFailure } from '../admin/resolver-error';

/**
 * Reading the product REST answers the activity resolvers depend on. A call that fails for reasons of
 * the platform (5xx, throttling, network) becomes UNAVAILABLE: the admin can try again; it never
 * becomes a wrong answer.
 */
export async function readJson(response: APIResponse): Promise<unknown> {
  try {
    return (await response.json()) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * The messages of an error body, in the product's own words: Jira's `{ errorMessages, errors }`,
 * Confluence v1's `{ message }`, v2's `{ errors: [{ title, detail }] }`.
 */
export function errorMessagesOf(body: unknown): string[] {
  if (body === null || typeof body !== 'object') return [];
  const b = body as { errorMessages?: unknown; errors?: unknown; message?: unknown };
  const messages: string[] = [];
  if (Array.isArray(b.errorMessages)) messages.push(...b.errorMessages.filter(isString));
  if (Array.isArray(b.errors)) {
    for (const e of b.errors as { title?: unknown; detail?: unknown }[]) {
      const text = [e?.title, e?.detail].filter(isString).join(': ');
      if (text) messages.push(text);
    }
  } else if (b.errors !== null && typeof b.errors === 'object') {
    messages.push(...Object.values(b.errors as Record<string, unknown>).filter(isString));
  }
  if (messages.length === 0 && isString(b.message)) messages.push(b.message);
  return messages;
}

export function unavailable(what: string, status: number): ResolverFailure {
  return new ResolverFailure('UNAVAILABLE', `${what} failed (HTTP ${status}). Try again in a moment.`);
}

function isString(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}
