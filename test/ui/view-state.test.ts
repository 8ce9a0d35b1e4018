import {
  EMPTY_VIEW,
  formatLocation,
  fromSavedFilter,
  toSavedFilter,
  hasNarrowingFilters,
  parseLocation,
  toFilter,
  type PageLocation,
} from '../../static/admin/src/activity/view-state';
import { exportFileName } from '../../static/admin/src/activity/export-file-name';
import { clockOf, dayOf, endOfDay, instantAt, startOfDay } from '../../static/admin/src/time/zoned-time';
import { fieldMessage, withoutFieldKey } from '../../static/admin/src/field-message';

/** The admin page's address ↔ view, and the pure helpers around it (no browser needed). */
describe('the Activity view in the address', () => {
  const NOW = Date.parse('2025-03-10T12:00:00.000Z');

  test('the defaults make the empty address, and the empty address reads as the defaults', () => {
    expect(formatLocation({ tab: 'activity', view: EMPTY_VIEW }, 'activity')).toBe('');
    expect(parseLocation('', 'activity')).toEqual({ tab: 'activity', view: EMPTY_VIEW });
  });

  test('every filter survives the round trip, in one canonical order', () => {
    const location: PageLocation = {
      tab: 'activity',
      view: {
        range: 'custom',
        from: '2025-01-01T00:00:00.000Z',
        to: '2025-01-31T23:59:59.999Z',
        actors: ['557058:a', '5b10ac8d82e05b22cc7d4ef5'],
        groups: ['site-admins'],
        products: ['jira'],
        actions: ['issue.*', 'page.trashed'],
        containers: ['10000'],
        objects: ['10042'],
        text: 'payments & refunds',
        jql: 'project = PAY AND labels = "a&b"',
      },
      record: 'abc123',
    };
    const search = formatLocation(location, 'activity');
    expect(parseLocation(search, 'activity')).toEqual(location);
    expect(search.startsWith('?range=custom&from=')).toBe(true);
    // Same view, parameters in another order (a list keeps its own order: it is the chips' order).
    const params = new URLSearchParams(search.slice(1));
    const keys = [...new Set(params.keys())].reverse();
    const reversed = `?${keys
      .flatMap((k) => params.getAll(k).map((v) => `${k}=${encodeURIComponent(v)}`))
      .join('&')}`;
    expect(formatLocation(parseLocation(reversed, 'activity'), 'activity')).toBe(search);
  });

  test('junk in an address is dropped, not trusted', () => {
    const { view, tab } = parseLocation(
      '?range=forever&product=bitbucket&product=confluence&from=yesterday&actor=&actor=a&actor=a&tab=settings',
      'activity',
    );
    expect(tab).toBe('settings');
    expect(view.range).toBe('30d');
    expect(view.products).toEqual(['confluence']);
    expect(view.actors).toEqual(['a']);
    // A from/to only means something for a custom range.
    expect(view.from).toBeUndefined();
    expect(parseLocation('?range=7d&from=2025-01-01', 'activity').view.from).toBeUndefined();
    expect(parseLocation('?range=custom&from=1735689600000', 'activity').view.from).toBe(
      '2025-01-01T00:00:00.000Z',
    );
  });

  test('a preset range is resolved against now; a custom one is passed as it is', () => {
    expect(toFilter({ ...EMPTY_VIEW, range: '7d' }, NOW)).toEqual({
      from: '2025-03-03T12:00:00.000Z',
      to: '2025-03-10T12:00:00.000Z',
    });
    expect(
      toFilter({ ...EMPTY_VIEW, range: 'custom', from: '2025-01-01T00:00:00.000Z', text: '  x ' }, NOW),
    ).toEqual({ from: '2025-01-01T00:00:00.000Z', text: 'x' });
    expect(hasNarrowingFilters(EMPTY_VIEW)).toBe(false);
    expect(hasNarrowingFilters({ ...EMPTY_VIEW, jql: 'project = X' })).toBe(true);
  });
});

describe('days in the user’s time zone', () => {
  test('a day starts and ends at local midnight, across a daylight-saving change', () => {
    expect(new Date(startOfDay('2025-03-10', 'UTC')!).toISOString()).toBe('2025-03-10T00:00:00.000Z');
    expect(new Date(startOfDay('2025-03-10', 'Australia/Sydney')!).toISOString()).toBe(
      '2025-03-09T13:00:00.000Z',
    );
    // New York springs forward on 2025-03-09: that day is 23 hours long.
    const start = startOfDay('2025-03-09', 'America/New_York')!;
    expect(new Date(start).toISOString()).toBe('2025-03-09T05:00:00.000Z');
    expect(endOfDay('2025-03-09', 'America/New_York')! - start + 1).toBe(23 * 3_600_000);
    expect(dayOf(start, 'America/New_York')).toBe('2025-03-09');
    expect(startOfDay('not a day', 'UTC')).toBeUndefined();
  });

  test('export files are named for the site and the range’s days', () => {
    const filter = { from: '2025-01-01T00:00:00.000Z', to: '2025-01-31T23:59:59.999Z' };
    expect(exportFileName('https://acme.atlassian.net', filter, 'csv', 'UTC')).toBe(
      'audit-trail-acme-2025-01-01-2025-01-31.csv',
    );
    expect(exportFileName('https://acme.atlassian.net', filter, 'ndjson', 'Australia/Sydney')).toBe(
      'audit-trail-acme-2025-01-01-2025-02-01.ndjson',
    );
    expect(exportFileName('', {}, 'json', 'UTC', Date.parse('2025-03-10T12:00:00Z'))).toBe(
      'audit-trail-site-start-2025-03-10.json',
    );
  });
});

describe('saved views, times of day and field labels', () => {
  test('a saved view keeps a relative range relative, a custom range as instants, and opens as saved', () => {
    const relative = { ...EMPTY_VIEW, range: '7d' as const, actions: ['issue.deleted'], text: 'MOB' };
    const saved = toSavedFilter(relative);
    expect(saved).toEqual({ range: '7d', actions: ['issue.deleted'], text: 'MOB' });
    expect(fromSavedFilter({ range: '7d', actions: ['issue.deleted'], text: 'MOB' })).toEqual(relative);
    const custom = {
      ...EMPTY_VIEW,
      range: 'custom' as const,
      from: '2025-03-10T08:00:00.000Z',
      actors: ['a'],
    };
    expect(toSavedFilter(custom)).toEqual({ from: '2025-03-10T08:00:00.000Z', actors: ['a'] });
    expect(fromSavedFilter({ from: Date.parse('2025-03-10T08:00:00.000Z'), actors: ['a'] })).toEqual(custom);
  });

  test('a time of day on a day in a zone, across a daylight-saving change', () => {
    // Sydney leaves daylight saving on 6 April 2025 at 03:00 (UTC+11 → UTC+10).
    expect(new Date(instantAt('2025-04-05', '08:30', 'Australia/Sydney')!).toISOString()).toBe(
      '2025-04-04T21:30:00.000Z',
    );
    expect(new Date(instantAt('2025-04-07', '08:30', 'Australia/Sydney')!).toISOString()).toBe(
      '2025-04-06T22:30:00.000Z',
    );
    expect(clockOf(Date.parse('2025-04-06T22:30:00.000Z'), 'Australia/Sydney')).toBe('08:30');
    expect(instantAt('2025-04-07', '24:00', 'UTC')).toBeUndefined();
    expect(instantAt('7 April', '08:00', 'UTC')).toBeUndefined();
  });

  test('a refusal names its field by the form’s label, or not at all under the field', () => {
    const error = {
      code: 'BAD_REQUEST' as const,
      message: 'retention.maxAgeDays: must be at least 1',
      field: 'retention.maxAgeDays',
    };
    expect(withoutFieldKey(error)).toBe('must be at least 1');
    expect(fieldMessage(error, { retention: 'Retention' })).toBe('Retention: must be at least 1');
    expect(fieldMessage(error, { 'retention.maxAgeDays': 'Keep records for' })).toBe(
      'Keep records for: must be at least 1',
    );
    expect(fieldMessage(error, {})).toBe(error.message);
  });
});
