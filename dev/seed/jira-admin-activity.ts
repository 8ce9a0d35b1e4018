import {
  confluenceUserEvent,
  jiraComponentEvent,
  jiraConfigurationEvent,
  jiraFieldEvent,
  jiraFilterEvent,
  jiraIssueTypeEvent,
  jiraProjectEvent,
  jiraUserEvent,
  jiraVersionEvent,
  type ForgeEventPayload,
  type JiraProjectVerb,
  type JiraVersion,
} from '../payloads';
import type { SiteProject, SiteUser } from '../site/site-model';
import { kind, type ActivityContext, type ActivityKind } from './activity-kind';
import { BoundedList, forgetOldest } from './bounded-list';
import { jiraProjectOf, jiraUserOf, type World } from './world';

// prettier-ignore
const CONFIG_KEYS = [
  'jira.option.allowunassigned', 'jira.option.voting', 'jira.option.watching', 'jira.option.issuelinking',
  'jira.option.allowsubtasks',
];
// prettier-ignore
const NEW_PROJECTS = [
  { key: 'QA', name: 'Quality Assurance' }, { key: 'LEGAL', name: 'Legal Requests' },
  { key: 'INFRA', name: 'Infrastructure' }, { key: 'DOCS', name: 'Documentation' }, { key: 'BI', name: 'Analytics' },
];

/** Caps on what the seed remembers, so that memory and time per event stay flat over millions of events. */
const MAX_VERSIONS_PER_PROJECT = 12;
const MAX_FILTERS = 300;
const MAX_CREATED_PROJECTS = 20;

interface CreatedProject {
  readonly project: SiteProject;
  state: 'active' | 'archived' | 'trashed';
}

/**
 * Jira administration and personal configuration: projects, people, versions, components, filters and
 * settings. Rare next to issue work, as on a real site, and mostly done by admins.
 */
export function jiraAdminActivity(world: World): readonly ActivityKind[] {
  const site = world.site;
  const createdProjects: CreatedProject[] = [];
  let projectsCreated = 0;
  const createdUsers = new BoundedList<SiteUser>(50);
  const filters = site.filters.map((f) => ({ ...f }));

  /** New projects go through a life (archive, trash, restore…); the site's own are only edited. */
  const projectChange = (c: ActivityContext): readonly ForgeEventPayload[] => {
    const roll = c.random.next();
    if (roll < 0.5) {
      const project = c.random.pick(site.projects);
      return [
        jiraProjectEvent('updated', { project: jiraProjectOf(project), lead: jiraUserOf(c.actor), at: c.at }),
      ];
    }
    if ((roll < 0.65 && createdProjects.length < MAX_CREATED_PROJECTS) || createdProjects.length === 0) {
      projectsCreated += 1;
      const spec = NEW_PROJECTS[(projectsCreated - 1) % NEW_PROJECTS.length] ?? {
        key: 'NEW',
        name: 'New project',
      };
      const round = Math.floor((projectsCreated - 1) / NEW_PROJECTS.length);
      const project: SiteProject = {
        id: world.nextId('project'),
        key: round === 0 ? spec.key : `${spec.key}${round + 1}`,
        name: round === 0 ? spec.name : `${spec.name} ${round + 1}`,
        projectTypeKey: 'software',
        leadAccountId: c.actor.accountId,
        style: 'next-gen',
      };
      createdProjects.push({ project, state: 'active' });
      return [
        jiraProjectEvent('created', { project: jiraProjectOf(project), lead: jiraUserOf(c.actor), at: c.at }),
      ];
    }
    const entry = c.random.pick(createdProjects);
    const verbs: Readonly<Record<CreatedProject['state'], readonly JiraProjectVerb[]>> = {
      active: ['updated', 'archived', 'softdeleted'],
      archived: ['unarchived'],
      trashed: ['restored', 'deleted'],
    };
    const verb = c.random.pick(verbs[entry.state]);
    if (verb === 'archived') entry.state = 'archived';
    if (verb === 'softdeleted') entry.state = 'trashed';
    if (verb === 'unarchived' || verb === 'restored') entry.state = 'active';
    if (verb === 'deleted') createdProjects.splice(createdProjects.indexOf(entry), 1);
    return [jiraProjectEvent(verb, { project: jiraProjectOf(entry.project), at: c.at })];
  };

  /** A person joining or leaving the site appears in both products' events. */
  const userChange =
    (verb: 'created' | 'updated' | 'deleted') =>
    (c: ActivityContext): readonly ForgeEventPayload[] => {
      if (verb === 'updated')
        return [jiraUserEvent('updated', { user: jiraUserOf(c.random.pick(site.users)), at: c.at })];
      let user = verb === 'deleted' ? createdUsers.take(c.random) : undefined;
      if (user === undefined) {
        if (verb === 'deleted') return userChange('created')(c);
        user = {
          ...c.actor,
          accountId: `712020:${c.random.uuid()}`,
          displayName: `New Starter ${createdUsers.size + 1}`,
          emailAddress: null,
          weight: 0,
        };
        createdUsers.push(user);
      }
      return [
        jiraUserEvent(verb, { user: jiraUserOf(user), at: c.at }),
        confluenceUserEvent(verb, { user: { accountId: user.accountId }, at: c.at }),
      ];
    };

  const versionChange = (c: ActivityContext): readonly ForgeEventPayload[] => {
    const software = site.projects.filter((p) => p.projectTypeKey === 'software');
    const project = c.random.pick(software.length > 0 ? software : site.projects);
    const open = world.versions.filter((v) => v.projectId === project.id && !v.released);
    const roll = c.random.next();
    if (roll < 0.4 || open.length === 0) {
      const count = world.versions.filter((v) => v.projectId === project.id).length;
      const version: JiraVersion = {
        id: world.nextId('version'),
        name: `${1 + Math.floor(count / 3)}.${count % 3}.0`,
        projectId: project.id,
        released: false,
      };
      world.versions.push(version);
      forgetOldest(
        world.versions,
        (v) => v.projectId === project.id && v.released === true,
        MAX_VERSIONS_PER_PROJECT,
      );
      return [jiraVersionEvent('created', { version, actor: jiraUserOf(c.actor), at: c.at })];
    }
    const version = c.random.pick(open);
    if (roll < 0.75) {
      const released: JiraVersion = {
        ...version,
        released: true,
        releaseDate: c.at.toISOString().slice(0, 10),
      };
      world.versions[world.versions.indexOf(version)] = released;
      return [jiraVersionEvent('released', { version: released, actor: jiraUserOf(c.actor), at: c.at })];
    }
    return [
      jiraVersionEvent('updated', {
        version: { ...version, description: 'Scope adjusted after planning.' },
        actor: jiraUserOf(c.actor),
        at: c.at,
      }),
    ];
  };

  const componentChange = (c: ActivityContext): readonly ForgeEventPayload[] => {
    const component = c.random.pick(site.components);
    const project = world.index.projectById.get(component.projectId) ?? c.random.pick(site.projects);
    const verb = c.random.chance(0.3) ? 'created' : 'updated';
    const lead = component.leadAccountId === null ? undefined : world.user(component.leadAccountId);
    return [
      jiraComponentEvent(verb, {
        component: {
          id: verb === 'created' ? world.nextId('component') : component.id,
          name: verb === 'created' ? `${component.name} v2` : component.name,
          project: jiraProjectOf(project),
          ...(lead === undefined ? {} : { lead: jiraUserOf(lead) }),
        },
        actor: jiraUserOf(c.actor),
        at: c.at,
      }),
    ];
  };

  /** Filters are personal: anyone saves, edits and deletes their own. */
  const filterChange = (c: ActivityContext): readonly ForgeEventPayload[] => {
    const own = filters.filter((f) => f.ownerId === c.actor.accountId);
    const roll = c.random.next();
    if (own.length === 0 || roll < 0.4) {
      const project = world.projectFor(c.random, c.actor);
      const filter = {
        id: world.nextId('filter'),
        name: `My ${project.key} work`,
        jql: `project = ${project.key} AND assignee = "${c.actor.accountId}"`,
        ownerId: c.actor.accountId,
      };
      filters.push(filter);
      forgetOldest(filters, () => true, MAX_FILTERS);
      return [
        jiraFilterEvent('created', {
          filter: { ...filter, owner: jiraUserOf(c.actor) },
          actor: jiraUserOf(c.actor),
          at: c.at,
        }),
      ];
    }
    const filter = c.random.pick(own);
    if (roll < 0.8) {
      return [
        jiraFilterEvent('updated', {
          filter: { ...filter, jql: `${filter.jql} ORDER BY updated DESC`, owner: jiraUserOf(c.actor) },
          actor: jiraUserOf(c.actor),
          at: c.at,
        }),
      ];
    }
    filters.splice(filters.indexOf(filter), 1);
    return [
      jiraFilterEvent('deleted', {
        filter: { ...filter, owner: jiraUserOf(c.actor) },
        actor: jiraUserOf(c.actor),
        at: c.at,
      }),
    ];
  };

  const configurationChange = (c: ActivityContext): readonly ForgeEventPayload[] => {
    const roll = c.random.next();
    if (roll < 0.6) {
      return [
        jiraConfigurationEvent({
          key: c.random.pick(CONFIG_KEYS),
          value: c.random.chance(0.5),
          actor: jiraUserOf(c.actor),
          at: c.at,
        }),
      ];
    }
    if (roll < 0.8) {
      const type = c.random.pick(site.issueTypes);
      return [
        jiraIssueTypeEvent('updated', {
          issueType: { ...type, description: `${type.name}s, as agreed by the team.` },
          actor: jiraUserOf(c.actor),
          at: c.at,
        }),
      ];
    }
    const id = `customfield_${world.nextId('field')}`;
    return [
      jiraFieldEvent('created', {
        field: {
          id,
          key: id,
          name: 'Customer tier',
          type: 'option',
          typeName: 'Select List (single choice)',
        },
        at: c.at,
      }),
    ];
  };

  return [
    kind('jira:project.changed', 0.25, 'jira-admins', projectChange),
    kind('jira:user.created', 0.12, 'jira-admins', userChange('created')),
    kind('jira:user.updated', 0.1, 'jira-admins', userChange('updated')),
    kind('jira:user.deleted', 0.04, 'jira-admins', userChange('deleted')),
    kind('jira:version.changed', 0.3, 'jira-admins', versionChange),
    kind('jira:component.changed', 0.2, 'jira-admins', componentChange),
    kind('jira:filter.changed', 0.3, 'people', filterChange),
    kind('jira:configuration.changed', 0.2, 'jira-admins', configurationChange),
  ];
}
