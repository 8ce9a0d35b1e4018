import Heading from '@atlaskit/heading';
import type { ComponentProps } from 'react';
import type { InsightsSummary } from '@contract';
import { ActionLozenge, ActorName } from '../activity/cells';
import { BarTable } from './BarTable';
import { LogLink } from './log-link';

const PSEUDONYM = 'pseudonym:';

/** The range's busiest: people, actions, Jira projects and Confluence spaces, each as a bar table. */
export function TopLists({
  summary,
  format,
}: {
  readonly summary: InsightsSummary;
  readonly format: (n: number) => string;
}) {
  const projects = summary.containers.filter((c) => c.type === 'project');
  const spaces = summary.containers.filter((c) => c.type === 'space');
  return (
    <div className="insights-grid">
      <Ranked
        title="Most active people"
        caption="Most active people: events and active days"
        labelHeader="Person"
        valueHeader="Events"
        extraHeaders={['Active days']}
        rows={summary.topActors.map((a) => ({
          key: a.accountId,
          label: a.accountId.startsWith(PSEUDONYM) ? (
            <span title={a.accountId}>Former user (account closed)</span>
          ) : (
            <LogLink filters={{ actors: [a.accountId] }} title="Everything this person did in this range">
              <ActorName actor={{ accountId: a.accountId, type: 'user' }} />
            </LogLink>
          ),
          value: a.events,
          extra: [format(a.activeDays)],
        }))}
        format={format}
        empty="No one was active in this range."
      />
      <Ranked
        title="Event mix"
        caption="Events by action"
        labelHeader="Action"
        valueHeader="Events"
        rows={[
          ...summary.actions.map((a) => ({
            key: a.action,
            label: <ActionLozenge action={a.action} />,
            value: a.events,
          })),
          ...(summary.otherActions > 0
            ? [{ key: 'other', label: 'Other actions', value: summary.otherActions }]
            : []),
        ]}
        format={format}
        empty="No events in this range."
      />
      <Ranked
        title="Busiest projects"
        caption="Busiest Jira projects by events"
        labelHeader="Project"
        valueHeader="Events"
        rows={projects.map((c) => ({ key: c.id, label: containerLink(c), value: c.events }))}
        format={format}
        empty="No Jira project activity in this range."
      />
      <Ranked
        title="Busiest spaces"
        caption="Busiest Confluence spaces by events"
        labelHeader="Space"
        valueHeader="Events"
        rows={spaces.map((c) => ({ key: c.id, label: containerLink(c), value: c.events }))}
        format={format}
        empty="No Confluence space activity in this range."
      />
    </div>
  );
}

function containerName(c: { readonly id: string; readonly key?: string; readonly name?: string }): string {
  if (c.name && c.key) return `${c.name} (${c.key})`;
  return c.name ?? c.key ?? c.id;
}

function containerLink(c: { readonly id: string; readonly key?: string; readonly name?: string }) {
  return (
    <LogLink filters={{ containers: [c.id] }} title="All activity here in this range">
      {containerName(c)}
    </LogLink>
  );
}

/** One ranking: its heading over its bar table. */
function Ranked({ title, ...table }: { readonly title: string } & ComponentProps<typeof BarTable>) {
  return (
    <section className="insights-section">
      <Heading size="medium" as="h2">
        {title}
      </Heading>
      <BarTable {...table} />
    </section>
  );
}
