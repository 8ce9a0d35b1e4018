import Button from '@atlaskit/button/new';
import Spinner from '@atlaskit/spinner';
import { useCallback } from 'react';
import { objectName } from '@contract';
import { activityForObject } from '../api';
import { ActionLozenge, ActorName } from '../activity/cells';
import { useActivityLog } from '../activity/use-activity-log';
import { Time } from '../time/Time';
import type { HostView } from '../host-context';

interface Props {
  readonly view: Exclude<HostView, { kind: 'admin' }>;
}

/**
 * The trail of one issue (Jira's issue context panel) or one page or blog post (Confluence's byline
 * item): who did what to it, newest first, including its comments, attachments and worklogs.
 *
 * Admins only, on the server: for anyone else `activity.forObject` answers FORBIDDEN and this renders
 * nothing at all, not even a refusal, so the panel says nothing about the object's history. (The
 * modules' `isAdmin` display condition normally keeps it from showing in the first place.)
 */
export default function ObjectTrail({ view }: Props) {
  const objectId = view.kind === 'issue' ? view.issueId : view.contentId;
  const what = view.kind === 'issue' ? 'issue' : view.contentType === 'blogpost' ? 'blog post' : 'page';
  const fetchPage = useCallback((cursor?: string) => activityForObject(objectId, cursor), [objectId]);
  const { state, loadMore, reload } = useActivityLog(fetchPage);

  if (state.status === 'failed' && state.error.code === 'FORBIDDEN') return null;

  return (
    <main className="trail" aria-label={`Audit trail of this ${what}`}>
      {state.status === 'loading' && (
        <div className="loading">
          <Spinner size="medium" label="Loading the audit trail" />
        </div>
      )}
      {state.status === 'failed' && (
        <div role="alert" className="trail-message">
          <p>
            The audit trail could not be loaded.{' '}
            {state.error.code === 'PREPARING'
              ? 'Audit Trail is still preparing its database; try again in a few minutes.'
              : 'Try again in a moment.'}
          </p>
          <Button onClick={reload}>Try again</Button>
        </div>
      )}
      {state.status === 'ready' && state.items.length === 0 && (
        <p className="trail-message">
          Nothing has been recorded for this {what} yet. Audit Trail records activity from the moment it is
          installed; views only while they are turned on in its settings.
        </p>
      )}
      {state.status === 'ready' && state.items.length > 0 && (
        <>
          <ol className="trail-list">
            {state.items.map((record) => (
              <li key={record.id} className="trail-item">
                <div className="trail-line">
                  <Time at={record.time} className="trail-time" />
                  <ActionLozenge action={record.action} />
                </div>
                <ActorName actor={record.actor} />
                {record.object && record.object.parent && (
                  <span className="muted trail-part">
                    {objectName(record.object.type)} {record.object.title ?? record.object.id}
                  </span>
                )}
                {record.changes.length > 0 && (
                  <ul className="trail-changes">
                    {record.changes.map((change, index) => (
                      <li key={`${change.field}-${index}`}>
                        <span className="trail-field">{change.field}</span>: {change.from ?? '—'} →{' '}
                        {change.to ?? '—'}
                      </li>
                    ))}
                  </ul>
                )}
              </li>
            ))}
          </ol>
          {state.moreError && <p role="alert">More could not be loaded: {state.moreError.message}</p>}
          {state.nextCursor && (
            <Button onClick={loadMore} isDisabled={state.loadingMore}>
              {state.loadingMore ? 'Loading…' : 'Show older activity'}
            </Button>
          )}
        </>
      )}
    </main>
  );
}
