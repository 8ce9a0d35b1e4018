import { issueSummary } from './build-jira';
import type { Random } from './random';
import { BLOG_TOPICS, COMMENTS, DESCRIPTIONS, PAGE_SUBJECTS, PAGE_TOPICS } from './vocabulary';

/**
 * Where the fake site and its activity get the text people write: issue summaries, page titles, comment
 * bodies and description values. `plainText` draws short phrases from the word lists (what the tests and
 * the sandbox see); a source as varied as a real site's (`variedText`, varied-text.ts) replaces it where the
 * size of stored text matters, since a short phrase list compresses far better than life.
 */
export interface SiteText {
  issueSummary(random: Random): string;
  pageTitle(random: Random, type: 'page' | 'blogpost'): string;
  /** The body of the comment with this id, the same for every event about that comment. */
  commentBody(commentId: string): string;
  description(random: Random): string;
}

export const plainText: SiteText = {
  issueSummary,
  pageTitle: (random, type) =>
    type === 'blogpost'
      ? `${random.pick(BLOG_TOPICS)} ${random.pick(PAGE_SUBJECTS)}`
      : `${random.pick(PAGE_TOPICS)}: ${random.pick(PAGE_SUBJECTS)}`,
  commentBody: (commentId) => COMMENTS[Number(commentId) % COMMENTS.length] ?? '',
  description: (random) => random.pick(DESCRIPTIONS),
};
