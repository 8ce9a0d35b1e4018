import { webTrigger } from '@forge/api';
import { z } from 'zod';
import { adminResolver, emptyPayloadSchema } from '../admin/admin-resolver';
import { requireEveryProduct } from '../admin/product-scope';
import { ResolverFailure } from '../admin/resolver-error';
import { displayName } from '../record/display-name';
import { store } from '../store/database';
import {
  countActivePullTokens,
  createPullToken,
  listPullTokens,
  MAX_ACTIVE_TOKENS,
  revokePullToken,
  type PullTokenInfo,
} from './pull-tokens';

/** `tokens.create`: what the admin calls the token. */
export const createTokenPayloadSchema = z.object({ name: displayName(100) }).strict();

/** `tokens.revoke`: which token. */
export const revokeTokenPayloadSchema = z
  .object({ id: z.string().regex(/^[0-9a-f]{32}$/, 'must be a token id from tokens.list') })
  .strict();

/** What `tokens.list` answers: every token (revoked ones too), never a secret; `url` is the pull API's. */
export interface PullTokenList {
  readonly items: readonly PullTokenInfo[];
  readonly url: string | null;
}

/** What `tokens.create` answers: the token itself, shown this once; only its SHA-256 is kept. */
export type NewPullToken = PullTokenInfo & { readonly token: string };

/** The manifest's `webtrigger` module key for the pull API. */
export const PULL_API_MODULE = 'pull-api';

/**
 * A pull token reads every product's records, so its resolvers are for admins of every product on the
 * site: a Jira-only admin could otherwise read Confluence's records through a token of their own.
 */
export const tokenResolvers = {
  /** `{}` → `{ items: PullTokenInfo[], url }`: every token (revoked ones too), never a secret; `url` is the pull API's. */
  'tokens.list': adminResolver(emptyPayloadSchema, async (_input, caller): Promise<PullTokenList> => {
    requireEveryProduct(caller, 'The pull API');
    return { items: await listPullTokens(store()), url: await pullApiUrl() };
  }),

  /** `{ name }` → `PullTokenInfo & { token }`: the only time the token is shown; only its SHA-256 is kept. */
  'tokens.create': adminResolver(
    createTokenPayloadSchema,
    async ({ name }, caller): Promise<NewPullToken> => {
      requireEveryProduct(caller, 'The pull API');
      const target = store();
      if ((await countActivePullTokens(target)) >= MAX_ACTIVE_TOKENS) {
        throw new ResolverFailure(
          'BAD_REQUEST',
          `There are already ${MAX_ACTIVE_TOKENS} active tokens; revoke one first.`,
        );
      }
      const { token, info } = await createPullToken(target, name, caller.accountId, Date.now());
      return { ...info, token };
    },
  ),

  /** `{ id }` → the revoked token's PullTokenInfo; requests with it are refused from now on. */
  'tokens.revoke': adminResolver(revokeTokenPayloadSchema, async ({ id }, caller): Promise<PullTokenInfo> => {
    requireEveryProduct(caller, 'The pull API');
    const info = await revokePullToken(store(), id, Date.now());
    if (!info) throw new ResolverFailure('NOT_FOUND', `No token with id ${id}.`, 'id');
    return info;
  }),
};

/** The pull API's URL on this site, for the admin to give their SIEM; null where the platform cannot say. */
async function pullApiUrl(): Promise<string | null> {
  try {
    return await webTrigger.getUrl(PULL_API_MODULE);
  } catch (error) {
    console.warn(`tokens: could not get the pull API's URL: ${String(error)}`);
    return null;
  }
}
