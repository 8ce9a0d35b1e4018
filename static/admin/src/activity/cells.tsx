import Lozenge from '@atlaskit/lozenge';
import { router } from '@forge/bridge';
import { useState, type MouseEvent } from 'react';
import { actionLabel, type Actor } from '@contract';
import { usePerson } from './people';
import { actionAppearance } from './record-display';

const NON_PEOPLE: Readonly<Record<Exclude<Actor['type'], 'user'>, string>> = {
  app: 'An app',
  anonymous: 'Anonymous',
  unknown: 'Unknown actor',
};

/** The actor's avatar and name (the account id until the name arrives, or if it never does). */
export function ActorName({ actor }: { readonly actor: Actor }) {
  const person = usePerson(actor.type === 'user' || actor.type === 'app' ? actor.accountId : null);
  const name =
    person?.displayName ??
    (actor.type === 'user' ? (actor.accountId ?? 'Unknown user') : NON_PEOPLE[actor.type]);
  const suffix = person && person.active === false ? ' (deactivated)' : '';
  return (
    <span className="actor">
      <PersonAvatar
        name={person?.displayName ?? ''}
        {...(person?.avatarUrl ? { src: person.avatarUrl } : {})}
      />
      <span className="actor-name" title={actor.accountId ?? undefined}>
        {name}
        {suffix}
      </span>
    </span>
  );
}

/**
 * A small round avatar: the person's picture, over their initials (shown while it loads, and if it
 * cannot). Decorative, as the name beside it says who it is. Deliberately plain markup rather than
 * Atlaskit's Avatar: the log renders a dozen new rows per frame while scrolling, and this costs a
 * fraction of it.
 */
function PersonAvatar({ name, src }: { readonly name: string; readonly src?: string }) {
  const [failed, setFailed] = useState(false);
  const initials = name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((word) => word[0]?.toUpperCase() ?? '')
    .join('');
  return (
    <span aria-hidden="true" className="avatar">
      {initials}
      {src && !failed ? (
        <img src={src} alt="" loading="lazy" decoding="async" onError={() => setFailed(true)} />
      ) : null}
    </span>
  );
}

/** The action in words ("Issue deleted"); its code (`issue.deleted`) on hover, as exports and SIEMs name it. */
export function ActionLozenge({ action }: { readonly action: string }) {
  return (
    <span title={action} className="action">
      <Lozenge appearance={actionAppearance(action)} maxWidth="100%">
        {actionLabel(action)}
      </Lozenge>
    </span>
  );
}

/**
 * A link to an issue or page on the site. The app runs in a sandboxed iframe that may not navigate the
 * product's window, so the click goes through the bridge's router (a new tab: the filtered log stays);
 * the `href` is still real, for copying the address and for assistive technology.
 */
export function SiteLink({
  href,
  children,
  tabIndex,
}: {
  readonly href: string;
  readonly children: string;
  readonly tabIndex?: number;
}) {
  const open = (event: MouseEvent<HTMLAnchorElement>) => {
    event.stopPropagation();
    event.preventDefault();
    void router.open(href).catch(() => window.open(href, '_blank', 'noopener'));
  };
  return (
    <a href={href} onClick={open} tabIndex={tabIndex} className="site-link">
      {children}
    </a>
  );
}
