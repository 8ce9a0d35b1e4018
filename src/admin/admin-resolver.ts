import { z } from 'zod';
import type { Product } from '../record/audit-record';
import { classifySqlError } from '../store/sql-errors';
import { callerRights } from './admin-check';
import { ResolverFailure, type ResolverError } from './resolver-error';

/** What `@forge/resolver` hands a resolver function. */
export interface ResolverRequest {
  readonly payload: unknown;
  readonly context: {
    readonly accountId?: string;
    readonly extension?: { readonly type?: string };
    /** Forge's licence of this installation; see `licenceInactive` (src/admin/licence.ts). */
    readonly license?: unknown;
  };
}

export interface Caller {
  readonly accountId: string;
  /** The product hosting the page. */
  readonly product: Product;
  /**
   * The products the caller administers, asked of each product on this call: the only products whose
   * records, settings, destinations and insights the call may read or change (src/admin/product-scope.ts).
   */
  readonly products: ReadonlySet<Product>;
  /** The products on the site; administering all of them is what site-wide changes need. */
  readonly installed: ReadonlySet<Product>;
}

/** The payload of a resolver that takes none: `{}`, with any key refused. */
export const emptyPayloadSchema = z.object({}).strict();

/**
 * A registered admin-page resolver. It carries the schema its payload is checked against, so the
 * registration can be checked against the resolver contract (src/contract/) for its payload as well as
 * its answer. `in out`: the schema must be the contract's exactly; a schema with more fields, which
 * plain assignability would let pass, is refused.
 */
export interface AdminResolver<in out S extends z.ZodType, R> {
  (request: ResolverRequest): Promise<R | ResolverError>;
  readonly payload: S;
}

/** The admin page runs in Jira (`jira:adminPage`) or Confluence (`confluence:globalSettings`). */
export function productOf(request: ResolverRequest): Product {
  return request.context.extension?.type?.startsWith('confluence:') ? 'confluence' : 'jira';
}

/**
 * Wraps a resolver body: the caller must administer at least one product (checked on the server, before
 * anything else, by asking both products as the user; what the caller may see within is then scoped to
 * the products they administer), the payload must fit the schema (the error names the field), and nothing escapes as
 * a stack trace: failures come back as `{ error: { code, message } }`.
 */
export function adminResolver<S extends z.ZodType, R>(
  schema: S,
  body: (input: z.infer<S>, caller: Caller) => Promise<R>,
): AdminResolver<S, R> {
  const resolve = async (request: ResolverRequest): Promise<R | ResolverError> => {
    try {
      const accountId = request.context.accountId;
      const product = productOf(request);
      const rights = accountId ? await callerRights() : undefined;
      if (!accountId || !rights || rights.products.size === 0) {
        const who = product === 'jira' ? 'Jira administrators' : 'Confluence administrators';
        throw new ResolverFailure('FORBIDDEN', `Only ${who} can use Audit Trail.`);
      }
      const parsed = schema.safeParse(request.payload ?? {});
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const field = issue?.path.join('.') || undefined;
        throw new ResolverFailure(
          'BAD_REQUEST',
          `${field ?? 'payload'}: ${issue?.message ?? 'invalid'}`,
          field,
        );
      }
      return await body(parsed.data, { accountId, product, ...rights });
    } catch (error) {
      return toResolverError(error);
    }
  };
  return Object.assign(resolve, { payload: schema });
}

function toResolverError(error: unknown): ResolverError {
  if (error instanceof ResolverFailure) {
    return {
      error: { code: error.code, message: error.message, ...(error.field ? { field: error.field } : {}) },
    };
  }
  switch (classifySqlError(error)) {
    case 'schema-missing':
      return {
        error: {
          code: 'PREPARING',
          message: 'Audit Trail is still preparing its database on this site. Try again in a few minutes.',
        },
      };
    case 'rate-limited':
    case 'transient':
      return { error: { code: 'UNAVAILABLE', message: 'The database is busy. Try again in a moment.' } };
    default:
      console.error(`resolver failed: ${error instanceof Error ? error.stack : String(error)}`);
      return {
        error: { code: 'INTERNAL', message: 'Something went wrong on our side; it has been logged.' },
      };
  }
}
