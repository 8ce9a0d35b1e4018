import Heading from '@atlaskit/heading';
import SectionMessage from '@atlaskit/section-message';
import type { ReportProps } from './report-props';

export function PrivacyReport({ storage, number, when }: ReportProps) {
  const privacy = storage.privacy;
  return (
    <section aria-labelledby="privacy-heading">
      <Heading size="medium" as="h2" id="privacy-heading">
        Personal data
      </Heading>
      <p className="muted">
        The account ids in the log are reported to Atlassian every cycle. Closed accounts are replaced by a
        stable pseudonym in every table, so a former user’s timeline stays whole without saying who they were.
      </p>
      <dl className="storage-facts">
        <dt>Last report</dt>
        <dd>{when(privacy?.lastReportMs)}</dd>
        <dt>Next cycle</dt>
        <dd>
          {privacy?.nextCycleMs
            ? when(privacy.nextCycleMs)
            : privacy?.cycleStartMs
              ? 'this cycle is still reporting'
              : 'with the next daily run'}
        </dd>
        <dt>Accounts reported</dt>
        <dd>{number.format(privacy?.reported ?? 0)}</dd>
        <dt>Closed, pseudonymised</dt>
        <dd>{number.format(privacy?.closed ?? 0)}</dd>
        <dt>Updated</dt>
        <dd>{number.format(privacy?.updated ?? 0)}</dd>
      </dl>
      {(privacy?.heldSealedObjects ?? 0) > 0 && (
        <p className="muted">
          {number.format(privacy!.heldSealedObjects!)} sealed records about closed accounts still carry their
          account id as the record’s object: the tamper-evidence chain does not yet allow replacing it.
        </p>
      )}
      {privacy?.lastError && <p className="field-error">{privacy.lastError}</p>}
      {storage.lastDailyRun && storage.lastDailyRun.errors.length > 0 && (
        <SectionMessage appearance="warning" title="Part of the last daily run failed">
          <ul>
            {storage.lastDailyRun.errors.map((e) => (
              <li key={e}>{e}</li>
            ))}
          </ul>
        </SectionMessage>
      )}
    </section>
  );
}
