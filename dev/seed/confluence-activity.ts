import {
  confluenceAttachmentEvent,
  confluenceCommentEvent,
  confluenceContentEvent,
  confluenceGroupEvent,
  confluenceLabelEvent,
  confluenceSpaceEvent,
  type ConfluenceAttachment,
  type ConfluenceComment,
  type ConfluenceContentVerb,
  type ForgeEventPayload,
} from '../payloads';
import type { SiteLabel, SiteSpace, SiteUser } from '../site/site-model';
import { FILE_NAMES, PAGE_SUBJECTS } from '../site/vocabulary';
import { kind, type ActivityContext, type ActivityKind } from './activity-kind';
import { BoundedList } from './bounded-list';
import { confluenceContentOf, confluenceSpaceOf, confluenceUserOf, type LivePage, type World } from './world';

interface Comment {
  readonly id: string;
  readonly page: LivePage;
  readonly author: SiteUser;
  readonly created: Date;
  version: number;
}

interface Attachment {
  readonly id: string;
  readonly page: LivePage;
  readonly author: SiteUser;
  readonly created: Date;
  readonly file: (typeof FILE_NAMES)[number];
  readonly size: number;
  version: number;
  trashed: boolean;
}

// prettier-ignore
const NEW_GROUPS = ['design-guild', 'contractors', 'emea-sales', 'oncall', 'leadership', 'interns'];

/** Everything people do in Confluence: mostly reading, then editing, commenting and filing. */
export function confluenceActivity(world: World): readonly ActivityKind[] {
  const site = world.site;
  const comments = new BoundedList<Comment>(500);
  const attachments = new BoundedList<Attachment>(300);
  const labelled = new BoundedList<{ readonly label: SiteLabel; readonly page: LivePage }>(300);
  const groups = new BoundedList<{ readonly id: string; readonly name: string }>(50);
  const labels: SiteLabel[] = [...site.labels];
  const globalSpaces = site.spaces.filter((s) => s.type === 'global');
  let spacesCreated = 0;
  let groupsCreated = 0;

  const spaceFor = (c: ActivityContext): SiteSpace => {
    const home = c.actor.homeSpaceIds;
    const id = home.length > 0 && c.random.chance(0.8) ? c.random.pick(home) : c.random.pick(site.spaces).id;
    return world.index.spaceById.get(id) ?? c.random.pick(site.spaces);
  };

  const pageFor = (c: ActivityContext, type?: LivePage['type']): LivePage | undefined => {
    for (let attempt = 0; attempt < 4; attempt++) {
      const page = world.pickPage(c.random, spaceFor(c).id, c.at.getTime(), type);
      if (page !== undefined) return page;
    }
    return undefined;
  };

  const contentEvent = (verb: ConfluenceContentVerb, c: ActivityContext, page: LivePage, trashed = false) =>
    confluenceContentEvent(verb, {
      content: confluenceContentOf(world, page, trashed ? 'trashed' : 'current'),
      actor: confluenceUserOf(c.actor),
      at: c.at,
    });

  /** Runs `emit` on a page (or blog post) of the actor's spaces; creates one when there is none yet. */
  const withPage =
    (
      type: LivePage['type'] | undefined,
      emit: (c: ActivityContext, page: LivePage) => readonly ForgeEventPayload[],
    ) =>
    (c: ActivityContext): readonly ForgeEventPayload[] => {
      const page = pageFor(c, type);
      return page === undefined ? create(type ?? 'page')(c) : emit(c, page);
    };

  const create =
    (type: LivePage['type']) =>
    (c: ActivityContext): readonly ForgeEventPayload[] => {
      const space = spaceFor(c);
      const page: LivePage = {
        id: world.nextId('content'),
        type,
        title: world.text.pageTitle(c.random, type),
        authorId: c.actor.accountId,
        created: c.at.getTime(),
        spaceId: space.id,
        version: 1,
        versionAuthorId: c.actor.accountId,
        versionAt: c.at.getTime(),
      };
      world.addPage(page);
      return [contentEvent('created', c, page)];
    };

  const update = (c: ActivityContext, page: LivePage): readonly ForgeEventPayload[] => {
    page.version += 1;
    page.versionAuthorId = c.actor.accountId;
    page.versionAt = c.at.getTime();
    world.touchPage(page);
    return [contentEvent('updated', c, page)];
  };

  const move = (c: ActivityContext, page: LivePage): readonly ForgeEventPayload[] => {
    const before = confluenceContentOf(world, page);
    const targets = globalSpaces.filter((s) => s.id !== page.spaceId);
    // Most moves re-parent within the space (the payload then differs only in its parent); some cross spaces.
    if (!world.isHomePage(page) && targets.length > 0 && c.random.chance(0.5)) {
      world.removePage(page);
      page.spaceId = c.random.pick(targets).id;
      world.addPage(page);
    }
    return [
      confluenceContentEvent('moved', {
        content: confluenceContentOf(world, page),
        prevContent: before,
        actor: confluenceUserOf(c.actor),
        at: c.at,
      }),
    ];
  };

  const trash =
    (type: LivePage['type']) =>
    (c: ActivityContext): readonly ForgeEventPayload[] => {
      const page = pageFor(c, type);
      if (page === undefined || world.isHomePage(page)) return create(type)(c);
      world.removePage(page);
      world.trashedPages.push(page);
      return [contentEvent('trashed', c, page, true)];
    };

  const fromTrash =
    (verb: 'restored' | 'deleted') =>
    (c: ActivityContext): readonly ForgeEventPayload[] => {
      const page = world.trashedPages.take(c.random);
      if (page === undefined) return trash('page')(c);
      if (verb === 'restored') world.addPage(page);
      else comments.removeWhere((x) => x.page === page);
      return [contentEvent(verb, c, page, verb === 'deleted')];
    };

  const commentObject = (comment: Comment, versionBy?: SiteUser, when?: Date): ConfluenceComment => ({
    id: comment.id,
    container: confluenceContentOf(world, comment.page),
    version: comment.version,
    createdBy: confluenceUserOf(comment.author),
    createdDate: comment.created,
    ...(versionBy === undefined ? {} : { versionBy: confluenceUserOf(versionBy) }),
    ...(when === undefined ? {} : { versionWhen: when }),
    location: Number(comment.id) % 4 === 0 ? 'inline' : 'footer',
  });

  const comment = (c: ActivityContext, page: LivePage): readonly ForgeEventPayload[] => {
    const created: Comment = {
      id: world.nextId('content'),
      page,
      author: c.actor,
      created: c.at,
      version: 1,
    };
    comments.push(created);
    world.touchPage(page);
    return [
      confluenceCommentEvent('created', {
        comment: commentObject(created),
        actor: confluenceUserOf(c.actor),
        at: c.at,
      }),
    ];
  };

  const changeComment =
    (verb: 'updated' | 'deleted') =>
    (c: ActivityContext): readonly ForgeEventPayload[] => {
      const existing = verb === 'deleted' ? comments.take(c.random) : comments.pick(c.random);
      if (existing === undefined) return withPage(undefined, comment)(c);
      if (verb === 'updated') existing.version += 1;
      // People edit and delete their own comments.
      const author = confluenceUserOf(existing.author);
      return [
        confluenceCommentEvent(verb, {
          comment: commentObject(existing, existing.author, c.at),
          actor: author,
          at: c.at,
        }),
      ];
    };

  const attachmentObject = (a: Attachment, versionBy?: SiteUser, when?: Date): ConfluenceAttachment => ({
    id: `att${a.id}`,
    title: a.file.name,
    container: confluenceContentOf(world, a.page),
    version: a.version,
    createdBy: confluenceUserOf(a.author),
    createdDate: a.created,
    ...(versionBy === undefined ? {} : { versionBy: confluenceUserOf(versionBy) }),
    ...(when === undefined ? {} : { versionWhen: when }),
    mediaType: a.file.mimeType,
    fileSize: a.size,
  });

  const attach = (c: ActivityContext, page: LivePage): readonly ForgeEventPayload[] => {
    const attachment: Attachment = {
      id: world.nextId('content'),
      page,
      author: c.actor,
      created: c.at,
      file: c.random.pick(FILE_NAMES),
      size: 2_000 + c.random.int(8_000_000),
      version: 1,
      trashed: false,
    };
    attachments.push(attachment);
    return [
      confluenceAttachmentEvent('created', {
        attachment: attachmentObject(attachment),
        actor: confluenceUserOf(c.actor),
        at: c.at,
      }),
    ];
  };

  const changeAttachment =
    (verb: 'viewed' | 'updated' | 'trashed' | 'deleted') =>
    (c: ActivityContext): readonly ForgeEventPayload[] => {
      // Deletion purges from the trash; everything else acts on attachments still in place.
      const eligible = (a: Attachment): boolean => a.trashed === (verb === 'deleted');
      const picked = attachments.pick(c.random);
      const target = picked !== undefined && eligible(picked) ? picked : attachments.find(eligible);
      if (target === undefined) {
        return verb === 'viewed'
          ? withPage('page', (cc, p) => [contentEvent('viewed', cc, p)])(c)
          : withPage(undefined, attach)(c);
      }
      if (verb === 'updated') target.version += 1;
      if (verb === 'trashed') target.trashed = true;
      if (verb === 'deleted') attachments.removeWhere((a) => a === target);
      const by = verb === 'updated' ? c.actor : undefined;
      return [
        confluenceAttachmentEvent(verb, {
          attachment: attachmentObject(target, by, by === undefined ? undefined : c.at),
          actor: confluenceUserOf(c.actor),
          at: c.at,
        }),
      ];
    };

  const spaceChange = (c: ActivityContext): readonly ForgeEventPayload[] => {
    const roll = c.random.next();
    if (roll < 0.2) {
      spacesCreated += 1;
      const space: SiteSpace = {
        id: world.nextId('space'),
        key: `TEAM${spacesCreated}`,
        name: `Team space ${spacesCreated}`,
        type: 'global',
        status: 'current',
        authorId: c.actor.accountId,
        createdAt: c.at.toISOString(),
        homepageId: world.nextId('content'),
      };
      return [
        confluenceSpaceEvent('created', {
          space: confluenceSpaceOf(world, space),
          actor: confluenceUserOf(c.actor),
          at: c.at,
        }),
      ];
    }
    const verb = roll < 0.6 ? 'updated' : 'permissions_updated';
    const space = c.random.pick(site.spaces);
    return [
      confluenceSpaceEvent(verb, {
        space: confluenceSpaceOf(world, space),
        actor: confluenceUserOf(c.actor),
        at: c.at,
      }),
    ];
  };

  /** Group events carry no actor: Confluence emits them from an asynchronous process. */
  const groupChange = (c: ActivityContext): readonly ForgeEventPayload[] => {
    const existing = c.random.chance(0.3) ? groups.take(c.random) : undefined;
    if (existing !== undefined) return [confluenceGroupEvent('deleted', { group: existing, at: c.at })];
    groupsCreated += 1;
    const name = NEW_GROUPS[groupsCreated % NEW_GROUPS.length] ?? 'team';
    const group = { id: c.random.uuid(), name: `${name}-${groupsCreated}` };
    groups.push(group);
    return [confluenceGroupEvent('created', { group, at: c.at })];
  };

  const addLabel = (c: ActivityContext, page: LivePage): readonly ForgeEventPayload[] => {
    const content = confluenceContentOf(world, page);
    const events: ForgeEventPayload[] = [];
    let label = c.random.pick(labels);
    // Now and then someone invents a label; Confluence reports its creation before its use.
    if (c.random.chance(0.1)) {
      label = {
        id: world.nextId('label'),
        name: `${c.random.pick(PAGE_SUBJECTS).replace(/\W+/g, '-')}-${labels.length}`,
      };
      labels.push(label);
      // Invented labels are remembered only for a while; the site's own stay.
      if (labels.length > site.labels.length + 100) labels.splice(site.labels.length, 1);
      events.push(confluenceLabelEvent('created', { label, actor: confluenceUserOf(c.actor), at: c.at }));
    }
    labelled.push({ label, page });
    events.push(
      confluenceLabelEvent('added', { label, on: { content }, actor: confluenceUserOf(c.actor), at: c.at }),
    );
    return events;
  };

  const removeLabel = (c: ActivityContext): readonly ForgeEventPayload[] => {
    const entry = labelled.take(c.random);
    if (entry === undefined) return withPage(undefined, addLabel)(c);
    return [
      confluenceLabelEvent('removed', {
        label: entry.label,
        on: { content: confluenceContentOf(world, entry.page) },
        actor: confluenceUserOf(c.actor),
        at: c.at,
      }),
    ];
  };

  return [
    kind(
      'confluence:page.viewed',
      18,
      'viewers',
      withPage('page', (c, p) => [contentEvent('viewed', c, p)]),
      { view: true },
    ),
    kind(
      'confluence:blogpost.viewed',
      4,
      'viewers',
      withPage('blogpost', (c, p) => [contentEvent('viewed', c, p)]),
      {
        view: true,
      },
    ),
    kind('confluence:attachment.viewed', 1, 'viewers', changeAttachment('viewed'), { view: true }),
    kind('confluence:page.created', 1.2, 'people', create('page')),
    kind('confluence:page.updated', 5, 'people', withPage('page', update)),
    kind(
      'confluence:page.liked',
      0.4,
      'people',
      withPage('page', (c, p) => [contentEvent('liked', c, p)]),
    ),
    kind('confluence:page.moved', 0.2, 'people', withPage('page', move)),
    kind('confluence:page.trashed', 0.3, 'people', trash('page')),
    kind('confluence:page.restored', 0.12, 'people', fromTrash('restored')),
    kind('confluence:page.deleted', 0.12, 'confluence-admins', fromTrash('deleted')),
    kind('confluence:blogpost.created', 0.3, 'people', create('blogpost')),
    kind('confluence:blogpost.updated', 0.3, 'people', withPage('blogpost', update)),
    kind(
      'confluence:blogpost.liked',
      0.2,
      'people',
      withPage('blogpost', (c, p) => [contentEvent('liked', c, p)]),
    ),
    kind('confluence:blogpost.trashed', 0.05, 'people', trash('blogpost')),
    kind('confluence:comment.created', 1.5, 'people', withPage(undefined, comment)),
    kind('confluence:comment.updated', 0.3, 'people', changeComment('updated')),
    kind('confluence:comment.deleted', 0.1, 'people', changeComment('deleted')),
    kind('confluence:attachment.created', 0.6, 'people', withPage(undefined, attach)),
    kind('confluence:attachment.updated', 0.1, 'people', changeAttachment('updated')),
    kind('confluence:attachment.trashed', 0.08, 'people', changeAttachment('trashed')),
    kind('confluence:attachment.deleted', 0.04, 'confluence-admins', changeAttachment('deleted')),
    kind('confluence:space.changed', 0.25, 'confluence-admins', spaceChange),
    kind('confluence:group.changed', 0.2, 'confluence-admins', groupChange),
    kind('confluence:label.added', 0.4, 'people', withPage(undefined, addLabel)),
    kind('confluence:label.removed', 0.1, 'people', removeLabel),
  ];
}
