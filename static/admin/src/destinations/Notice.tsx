import SectionMessage from '@atlaskit/section-message';

/** A message shown on a destination's card (or above the list once the destination is gone). */
export interface NoticeContent {
  readonly ok: boolean;
  readonly title: string;
  readonly message: string;
}

/** A notice, announced to assistive technology as it appears. */
export function Notice({ content }: { content: NoticeContent }) {
  return (
    <div role="status">
      <SectionMessage appearance={content.ok ? 'success' : 'error'} title={content.title}>
        <p>{content.message}</p>
      </SectionMessage>
    </div>
  );
}
