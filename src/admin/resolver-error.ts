/**
 * Errors as data: a resolver answers `{ error: { code, message } }` instead of throwing, so the UI (and
 * the sandbox's HTTP answer) can say exactly what went wrong. The same codes appear in the UI's messages.
 */
export type ErrorCode =
  'FORBIDDEN' | 'BAD_REQUEST' | 'NOT_FOUND' | 'LICENCE_INACTIVE' | 'PREPARING' | 'UNAVAILABLE' | 'INTERNAL';

export interface ResolverError {
  readonly error: { readonly code: ErrorCode; readonly message: string; readonly field?: string };
}

/** The HTTP status each code stands for, where a resolver's answer travels over HTTP (the sandbox). */
export const HTTP_STATUS: Readonly<Record<ErrorCode, number>> = {
  BAD_REQUEST: 400,
  // Payment Required: the change needs an active Marketplace licence (src/admin/licence.ts).
  LICENCE_INACTIVE: 402,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  INTERNAL: 500,
  PREPARING: 503,
  UNAVAILABLE: 503,
};

/** Thrown inside a resolver body to answer with that error; turned into data by `adminResolver`. */
export class ResolverFailure extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export function isResolverError(value: unknown): value is ResolverError {
  const error = (value as { error?: { code?: unknown } } | null)?.error;
  return typeof error?.code === 'string' && error.code in HTTP_STATUS;
}
