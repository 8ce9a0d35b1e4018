import type { EgressChange } from './destinations-api';
import type { NoticeContent } from './Notice';

/** What an egress change means to the admin; nothing to say when nothing changed. */
export function egressNotice(change: EgressChange, done: string): NoticeContent | undefined {
  switch (change.kind) {
    case 'approved':
      return { ok: true, title: 'Host approved', message: `${done}Approved: ${change.hosts.join(', ')}` };
    case 'removed':
      return {
        ok: true,
        title: 'Egress group removed',
        message: `${done}Its egress approval is no longer needed.`,
      };
    case 'failed':
      return { ok: false, title: 'Not approved', message: `${done}${change.message}` };
    case 'unchanged':
      return done ? { ok: true, title: 'Saved', message: done.trim() } : undefined;
  }
}
