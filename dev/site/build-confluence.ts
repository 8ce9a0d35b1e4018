import { pickMember } from './build-people';
import { weightedPicker, type Random } from './random';
import { DAY_MS } from './site-catalogue';
import type { SitePage, SiteSpace, SiteUser } from './site-model';
import type { SiteText } from './site-text';

/**
 * Spaces (global ones and a personal one), each with a home page, and pages and blog posts spread
 * unevenly over them, authored mostly by the people who work in each space.
 */
export function buildConfluence(
  random: Random,
  specs: readonly { readonly key: string; readonly name: string }[],
  spaceIds: readonly string[],
  people: readonly SiteUser[],
  pageCount: number,
  daysAgo: (random: Random, maxDays: number) => number,
  today: number,
  text: SiteText,
): { spaces: SiteSpace[]; pages: SitePage[] } {
  let nextContentId = 163_841 + random.int(5000);
  const newContentId = (): string => {
    nextContentId += 1 + random.int(40_000);
    return String(nextContentId);
  };
  const owner = pickMember(
    random,
    people.filter((u) => u.active),
  );
  const allSpecs = [
    ...specs.map((s) => ({ ...s, type: 'global' as const, authorId: pickMember(random, people).accountId })),
    // One personal space, as most sites have a few.
    {
      key: `~${owner.accountId.replace(/[^A-Za-z0-9]/g, '')}`,
      name: owner.displayName,
      type: 'personal' as const,
      authorId: owner.accountId,
    },
  ];
  const spaces: SiteSpace[] = [];
  const pages: SitePage[] = [];
  for (const [i, spec] of allSpecs.entries()) {
    const id = spaceIds[i] ?? String(65536 * (i + 1) + 2);
    const createdAt = daysAgo(random, 900) - 400 * DAY_MS;
    const home = newContentId();
    spaces.push({
      id,
      key: spec.key,
      name: spec.name,
      type: spec.type,
      status: 'current',
      authorId: spec.authorId,
      createdAt: new Date(createdAt).toISOString(),
      homepageId: home,
    });
    pages.push({
      id: home,
      type: 'page',
      title: spec.type === 'personal' ? spec.name : `${spec.name} Home`,
      spaceId: id,
      parentId: null,
      authorId: spec.authorId,
      createdAt: new Date(createdAt).toISOString(),
      version: random.between(1, 8),
      versionAuthorId: spec.authorId,
      versionCreatedAt: new Date(Math.min(today - 1, createdAt + random.int(300) * DAY_MS)).toISOString(),
    });
  }
  // Spaces, like projects, are unevenly busy; the personal space gets a trickle.
  const spacePicker = weightedPicker(
    spaces.map((s, i) => ({ s, w: s.type === 'personal' ? 0.05 : Math.pow(i + 1, -0.8) })),
    (x) => x.w,
  );
  const drafts = Array.from({ length: Math.max(0, pageCount - spaces.length) }, () => ({
    space: spacePicker.pick(random).s,
    created: daysAgo(random, 720),
    blog: random.chance(0.2),
  })).sort((a, b) => a.created - b.created);
  for (const draft of drafts) {
    const members = people.filter((u) => u.homeSpaceIds.includes(draft.space.id));
    const author =
      draft.space.type === 'personal' ? owner : pickMember(random, members.length ? members : people);
    const siblings = pages.filter((p) => p.spaceId === draft.space.id && p.type === 'page');
    const version = 1 + Math.floor(Math.pow(random.next(), 3) * 25);
    const editor = version > 1 && random.chance(0.4) ? pickMember(random, people) : author;
    pages.push({
      id: newContentId(),
      type: draft.blog ? 'blogpost' : 'page',
      title: text.pageTitle(random, draft.blog ? 'blogpost' : 'page'),
      spaceId: draft.space.id,
      parentId: draft.blog ? null : random.chance(0.5) ? draft.space.homepageId : random.pick(siblings).id,
      authorId: author.accountId,
      createdAt: new Date(draft.created).toISOString(),
      version,
      versionAuthorId: editor.accountId,
      versionCreatedAt: new Date(
        Math.min(today - 1, draft.created + (version > 1 ? random.int(60) * DAY_MS : 0)),
      ).toISOString(),
    });
  }
  return { spaces, pages };
}
