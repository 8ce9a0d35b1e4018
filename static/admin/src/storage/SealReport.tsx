import Heading from '@atlaskit/heading';
import SectionMessage from '@atlaskit/section-message';
import type { ReportProps } from './report-props';

/**
 * Sealing: the key checkpoints are signed with, for the admin to record out of band (`npm run verify
 * --key <fingerprint>` then pins it), the latest checkpoint, and a lock that blocks sealing.
 */
export function SealReport({ storage, number, when }: ReportProps) {
  const seal = storage.seal;
  return (
    <section aria-labelledby="seal-heading">
      <Heading size="medium" as="h2" id="seal-heading">
        Tamper evidence
      </Heading>
      <p className="muted">
        Every record is sealed into a hash chain, and its head is signed with a key only the app holds. Record
        this fingerprint somewhere outside Jira and Confluence: an export verified with it cannot have been
        rewritten.
      </p>
      <dl className="storage-facts">
        <dt>Sealed through</dt>
        <dd>seq {number.format(seal?.headSeq ?? 0)}</dd>
        <dt>Last signed checkpoint</dt>
        <dd>
          {seal?.checkpoint ? (
            <>
              seq {number.format(seal.checkpoint.seq)}, {when(Date.parse(seal.checkpoint.time))}
            </>
          ) : (
            'none yet'
          )}
        </dd>
        <dt>Signing key fingerprint</dt>
        <dd>
          <code>{seal?.fingerprint ?? 'made on the first seal'}</code>
        </dd>
        {seal?.publicKey && (
          <>
            <dt>Public key</dt>
            <dd>
              <code className="wrap">{seal.publicKey}</code>
            </dd>
          </>
        )}
      </dl>
      {seal?.lockedUntilMs !== undefined && (
        <SectionMessage appearance="information" title="A seal run holds the lock">
          <p>
            Sealing runs that start before {when(seal.lockedUntilMs)} are blocked and seal nothing. If the run
            holding it stopped, the lock lapses then and the next run goes on.
          </p>
        </SectionMessage>
      )}
    </section>
  );
}
