import type { Actor } from '../../record/audit-record';
import { fieldLengths } from '../../limits';
import type { Obj } from './read';
import { str } from './read';
import { cut } from './text';

export const UNKNOWN_ACTOR: Actor = { accountId: null, type: 'unknown' };
export const ANONYMOUS_ACTOR: Actor = { accountId: null, type: 'anonymous' };

function isApp(user: unknown): boolean {
  return str(user, 'accountType') === 'app';
}

/** The actor a user object `{accountId, accountType?}` names, or null when it names none. */
export function actorFromUser(user: unknown): Actor | null {
  const accountId = str(user, 'accountId');
  if (accountId === null) return null;
  return { accountId: cut(accountId, fieldLengths.accountId), type: isApp(user) ? 'app' : 'user' };
}

export interface ActorRule {
  /**
   * User objects in the payload that name the actor when `atlassianId` is absent, best first (a
   * worklog's updateAuthor for an update, a page's version author…). Only ones the docs make the
   * actor of *this* event: anything else would be a guess.
   */
  readonly fallbacks?: readonly unknown[];
  /** The docs say a missing `atlassianId` means an anonymous user (Confluence views). */
  readonly anonymousWhenAbsent?: boolean;
  /** User objects that may describe the `atlassianId` account, to tell apps from people. */
  readonly hints?: readonly unknown[];
}

/**
 * Who did it: the payload's `atlassianId` when present, else the first fallback that names someone,
 * else anonymous (only where documented) or unknown.
 */
export function resolveActor(payload: Obj, rule: ActorRule = {}): Actor {
  const atlassianId = str(payload, 'atlassianId');
  if (atlassianId !== null) {
    const described = [...(rule.hints ?? []), ...(rule.fallbacks ?? [])].find(
      (user) => str(user, 'accountId') === atlassianId,
    );
    const app = isApp(described) || str(payload, 'accountType') === 'app';
    return { accountId: cut(atlassianId, fieldLengths.accountId), type: app ? 'app' : 'user' };
  }
  for (const user of rule.fallbacks ?? []) {
    const actor = actorFromUser(user);
    if (actor !== null) return actor;
  }
  return rule.anonymousWhenAbsent ? ANONYMOUS_ACTOR : UNKNOWN_ACTOR;
}
