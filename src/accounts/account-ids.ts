import { PSEUDONYM_PREFIX } from '../seal/personal-fields';

/**
 * Whether `value` is an Atlassian account id the app must report and may have to erase: a non-empty id
 * that is not already a pseudonym. (Jira's native audit log names users by user key, `ug:…`; those rows
 * are not registered as accounts, see src/insights/rollup.ts.)
 */
export function isReportableAccountId(value: string | null | undefined): value is string {
  return typeof value === 'string' && value.trim() !== '' && !value.startsWith(PSEUDONYM_PREFIX);
}
