import { base, en, Faker } from '@faker-js/faker';
import type { Random } from './random';
import type { SiteText } from './site-text';

/**
 * Text as varied as a real site's, from faker's English word lists: summaries that mix phrases, commit
 * messages, product and people's names, paths, URLs and numbers; titles of pages and blog posts; comments
 * and descriptions of one to several sentences. The size of stored text, and how well it compresses,
 * depends on this variety: a short phrase list (`plainText`) repeats itself and compresses far better
 * than life. Faker's own generator is seeded, so one seed gives the same text when it is drawn in the
 * same order; a comment's body is drawn from its id, so every event about one comment carries the same.
 *
 * The `random` the generator passes is not drawn from here: the site's and activity's other draws stay
 * as they are with `plainText`.
 */
export function variedText(seed: number): SiteText {
  const faker = new Faker({ locale: [en, base] });
  faker.seed(seed);
  const comments = new Faker({ locale: [en, base] });

  const sentence = (f: Faker): string =>
    f.helpers.arrayElement([
      () => f.hacker.phrase(),
      () => capitalise(`${f.word.words({ count: { min: 4, max: 14 } })}.`),
      () => f.commerce.productDescription(),
      () => `${capitalise(f.git.commitMessage())} in ${f.system.filePath()}.`,
      () => `${f.person.firstName()} said ${f.company.buzzPhrase()} by ${f.date.weekday()}.`,
      () =>
        `See ${f.internet.url({ appendSlash: false })}/${f.string.alphanumeric({ length: { min: 4, max: 10 } })} for details.`,
    ])();

  const summaries: readonly (() => string)[] = [
    () => capitalise(faker.git.commitMessage()),
    () => `${capitalise(faker.hacker.verb())} ${faker.hacker.adjective()} ${faker.hacker.noun()}`,
    () => capitalise(faker.word.words({ count: { min: 3, max: 9 } })),
    () =>
      `${faker.commerce.productName()} ${faker.word.verb()}s ${faker.word.noun()} ${faker.word.preposition()} ${faker.word.noun()}`,
    () =>
      `Error ${faker.number.int({ min: 400, max: 599 })} on ${faker.internet.url({ appendSlash: false })}/${faker.word.noun()}`,
    () => `${faker.company.catchPhrase()} for ${faker.company.name()}`,
    () => `${faker.person.fullName()}: ${faker.word.words({ count: { min: 2, max: 6 } })}`,
    () => faker.hacker.phrase(),
  ];
  return {
    issueSummary: () => faker.helpers.arrayElement(summaries)().slice(0, 250),
    pageTitle: (_random: Random, type) =>
      type === 'blogpost'
        ? `${faker.company.buzzPhrase()}: ${faker.word.words({ count: { min: 1, max: 5 } })}`
        : faker.helpers.arrayElement([
            () => `${capitalise(faker.word.words({ count: { min: 2, max: 7 } }))}`,
            () =>
              `${faker.commerce.department()} ${faker.word.noun()} ${faker.helpers.arrayElement(['runbook', 'notes', 'plan', 'review', 'FAQ', 'spec'])}`,
            () =>
              `${faker.date.month()} ${faker.number.int({ min: 2019, max: 2026 })} ${faker.company.buzzNoun()}`,
            () => faker.company.catchPhrase(),
          ])(),
    commentBody: (commentId) => {
      comments.seed([seed, Number(commentId) || 0]);
      const sentences = comments.number.int({ min: 1, max: 4 });
      return Array.from({ length: sentences }, () => sentence(comments)).join(' ');
    },
    description: () => {
      const sentences = faker.number.int({ min: 1, max: 6 });
      return Array.from({ length: sentences }, () => sentence(faker)).join(' ');
    },
  };
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
