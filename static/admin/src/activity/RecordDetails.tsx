import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import { useRef, useState } from 'react';
import { objectWords, type AuditRecord } from '@contract';
import { useHost } from '../host-context';
import { Time } from '../time/Time';
import { ActionLozenge, ActorName, SiteLink } from './cells';
import { objectLabel, objectUrl, trailObjectId } from './record-display';
import { ChangeValue, noChangesNote, ParentContext, SameChange } from './RecordContext';

/** One record in the drawer: its headline and actions, its changes, every field, and its JSON. */
export function RecordDetails({
  record,
  onShowTrail,
}: {
  readonly record: AuditRecord;
  readonly onShowTrail: (id: string) => void;
}) {
  const host = useHost();
  const [copied, setCopied] = useState<'yes' | 'failed' | undefined>(undefined);
  const url = objectUrl(record, host.siteUrl);
  const trailId = trailObjectId(record);
  const json = JSON.stringify(record, null, 2);
  const article = useRef<HTMLElement>(null);

  const copy = async () => {
    setCopied((await copyText(json, article.current ?? document.body)) ? 'yes' : 'failed');
  };

  return (
    <article aria-labelledby="record-title" ref={article}>
      <Heading size="large" as="h2" id="record-title">
        {objectLabel(record.object)}
      </Heading>
      <p className="record-headline">
        <ActionLozenge action={record.action} /> by <ActorName actor={record.actor} /> on{' '}
        <Time at={record.time} />
      </p>
      <ParentContext record={record} />
      <SameChange record={record} />
      <div className="record-actions">
        <Button appearance="primary" onClick={() => void copy()}>
          Copy as JSON
        </Button>
        {url && (
          <SiteLink href={url}>{`Open in ${record.product === 'jira' ? 'Jira' : 'Confluence'}`}</SiteLink>
        )}
        {trailId && (
          <Button appearance="subtle" onClick={() => onShowTrail(trailId)}>
            All activity on this {objectWords(record.object?.parent?.type ?? record.object?.type ?? 'object')}
          </Button>
        )}
        <span role="status" className="copied">
          {copied === 'yes'
            ? 'Copied to the clipboard.'
            : copied === 'failed'
              ? 'The clipboard is not available here: select the JSON below and copy it.'
              : ''}
        </span>
      </div>

      <section aria-labelledby="record-changes">
        <Heading size="medium" as="h3" id="record-changes">
          Changes
        </Heading>
        {record.changes.length === 0 ? (
          <p className="muted no-changes">{noChangesNote(record)}</p>
        ) : (
          <table className="changes">
            <thead>
              <tr>
                <th scope="col">Field</th>
                <th scope="col">From</th>
                <th scope="col">To</th>
              </tr>
            </thead>
            <tbody>
              {record.changes.map((change, index) => (
                <tr key={`${change.field}-${index}`}>
                  <th scope="row">{change.field}</th>
                  <td className="change-from">
                    <ChangeValue field={change.field} value={change.from} />
                  </td>
                  <td className="change-to">
                    <ChangeValue field={change.field} value={change.to} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section aria-labelledby="record-fields">
        <Heading size="medium" as="h3" id="record-fields">
          Every field
        </Heading>
        <dl className="fields">
          {flatten(record).map(([path, value]) => (
            <div className="field-pair" key={path}>
              <dt>{path}</dt>
              <dd>
                {value}
                {path === 'time' || path === 'receivedAt' ? (
                  <span className="muted">
                    {' ('}
                    <Time at={value} />)
                  </span>
                ) : null}
              </dd>
            </div>
          ))}
        </dl>
      </section>

      <section aria-labelledby="record-json">
        <Heading size="medium" as="h3" id="record-json">
          JSON
        </Heading>
        <pre className="json" tabIndex={0} aria-label="The record as JSON">
          {json}
        </pre>
      </section>
    </article>
  );
}

/**
 * Every field of the record as `path → value`, `changes` apart (it has its own table): whatever the
 * record holds is shown, including fields this page does not know yet.
 */
export function flatten(record: AuditRecord): [string, string][] {
  const out: [string, string][] = [];
  const walk = (value: unknown, path: string) => {
    if (value === null || value === undefined) {
      out.push([path, value === null ? 'null' : '—']);
    } else if (Array.isArray(value)) {
      if (value.length === 0) out.push([path, '[]']);
      value.forEach((item, index) => walk(item, `${path}[${index}]`));
    } else if (typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) walk(inner, path ? `${path}.${key}` : key);
    } else {
      out.push([path, String(value)]);
    }
  };
  const { changes: _changes, ...rest } = record;
  walk(rest, '');
  return out;
}

async function copyText(text: string, within: HTMLElement): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // The Forge iframe may not grant clipboard-write; a selection copy still works after a click. Inside
    // the drawer, whose focus lock would otherwise take the selection away.
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    within.appendChild(area);
    area.select();
    let ok: boolean;
    try {
      ok = document.execCommand('copy');
    } catch {
      ok = false;
    }
    area.remove();
    return ok;
  }
}
