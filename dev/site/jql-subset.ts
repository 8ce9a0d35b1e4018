import { indexSite } from './site-index';
import type { Site, SiteIssue } from './site-model';

/**
 * The small part of JQL the fake site evaluates honestly: `project`, `key` (`issuekey`, `id`),
 * `issuetype` (`type`), `status` and `assignee`, each with `=` or `IN (…)`, joined by `AND`, then an
 * optional `ORDER BY`. Anything else is refused with a 400 in Jira's error shape rather than answered
 * wrongly: a sandbox that silently ignored `OR` would let a broken scope filter pass its tests.
 */
export type JqlResult =
  | { readonly ok: true; readonly issues: readonly SiteIssue[] }
  | { readonly ok: false; readonly errors: readonly string[] };

type Field = 'project' | 'key' | 'issuetype' | 'status' | 'assignee';

interface Clause {
  /** As written, for error messages ('issuekey', 'type', …). */
  readonly name: string;
  readonly field: Field;
  readonly values: readonly Token[];
}

interface Order {
  readonly field: OrderField;
  readonly descending: boolean;
}

interface Token {
  readonly kind: 'word' | 'string' | 'punct';
  readonly text: string;
  /** 1-based character position, as Jira reports it. */
  readonly at: number;
}

const FIELDS: Readonly<Record<string, Field>> = {
  project: 'project',
  key: 'key',
  issuekey: 'key',
  id: 'key',
  issuetype: 'issuetype',
  type: 'issuetype',
  status: 'status',
  assignee: 'assignee',
};

/** Real Jira fields the subset does not evaluate: refused as unsupported, not as unknown. */
const OTHER_JIRA_FIELDS = new Set([
  'summary', 'description', 'text', 'comment', 'created', 'createddate', 'updated', 'updateddate', 'resolved',
  'resolution', 'priority', 'reporter', 'creator', 'labels', 'component', 'fixversion', 'affectedversion',
  'sprint', 'parent', 'due', 'duedate', 'watcher', 'voter', 'statuscategory', 'resolutiondate', 'filter',
  'category', 'level', 'environment', 'epic link', 'team', 'lastviewed', 'worklogauthor', 'worklogdate',
]); // prettier-ignore

const ORDER_FIELDS = [
  'key', 'issuekey', 'id', 'created', 'updated', 'project', 'status', 'issuetype', 'type', 'priority', 'summary',
  'assignee', 'reporter',
] as const; // prettier-ignore
type OrderField = (typeof ORDER_FIELDS)[number];

const SUPPORTED =
  "The sandbox's JQL supports only project, key, issuetype, status and assignee with = or IN, joined by AND, and ORDER BY";

export const UNBOUNDED_MESSAGE =
  'Unbounded JQL queries are not allowed here. Please add a search restriction to your query.';

/** Runs `jql` over the site's issues. `bounded` refuses queries without a restriction, as /search/jql does. */
export function runJql(site: Site, jql: string, options: { readonly bounded: boolean }): JqlResult {
  const parsed = parse(jql);
  if ('errors' in parsed) return { ok: false, errors: parsed.errors };
  if (options.bounded && parsed.clauses.length === 0 && parsed.updatedSince === null)
    return { ok: false, errors: [UNBOUNDED_MESSAGE] };
  const index = indexSite(site);
  const errors: string[] = [];
  const tests = parsed.clauses.map((clause) => {
    const allowed = new Set<string>();
    for (const token of clause.values) {
      const resolved = resolve(site, clause, token.text);
      if (typeof resolved === 'string') allowed.add(resolved);
      else errors.push(resolved.error);
    }
    return (issue: SiteIssue): boolean => allowed.has(valueOf(issue, clause.field));
  });
  if (errors.length > 0) return { ok: false, errors };
  const keyOf = (issue: SiteIssue, field: OrderField): string | number => {
    switch (field) {
      case 'key':
      case 'issuekey':
      case 'project': {
        // Jira orders keys by project, then by number (PROJ-9 before PROJ-10).
        const [project = '', n = '0'] = issue.key.split('-');
        return field === 'project' ? project : `${project}-${n.padStart(10, '0')}`;
      }
      case 'id':
        return Number(issue.id);
      case 'created':
        return issue.created;
      case 'updated':
        return issue.updated;
      case 'status':
        return issue.status.name;
      case 'issuetype':
      case 'type':
        return issue.issueType.name;
      case 'priority':
        return Number(issue.priority.id);
      case 'summary':
        return issue.summary;
      case 'assignee':
        return index.userById.get(issue.assigneeId ?? '')?.displayName ?? '';
      case 'reporter':
        return index.userById.get(issue.reporterId)?.displayName ?? '';
    }
  };
  // Without ORDER BY the sandbox returns newest first; the id tie-break keeps pages stable.
  const orders: readonly Order[] =
    parsed.orders.length > 0 ? parsed.orders : [{ field: 'created', descending: true }];
  const since = parsed.updatedSince;
  const issues = site.issues
    .filter((issue) => tests.every((test) => test(issue)))
    .filter((issue) => since === null || Date.parse(issue.updated) >= since)
    .sort((a, b) => {
      for (const order of orders) {
        const x = keyOf(a, order.field);
        const y = keyOf(b, order.field);
        if (x !== y) return (x < y ? -1 : 1) * (order.descending ? -1 : 1);
      }
      return Number(a.id) - Number(b.id);
    });
  return { ok: true, issues };
}

function valueOf(issue: SiteIssue, field: Field): string {
  switch (field) {
    case 'project':
      return issue.projectId;
    case 'key':
      return issue.id;
    case 'issuetype':
      return issue.issueType.id;
    case 'status':
      return issue.status.id;
    case 'assignee':
      return issue.assigneeId ?? '';
  }
}

/** The id a written value stands for, or Jira's message for a value that does not exist. */
function resolve(site: Site, clause: Clause, text: string): string | { readonly error: string } {
  const index = indexSite(site);
  const lower = text.toLowerCase();
  const missing = { error: `The value '${text}' does not exist for the field '${clause.name}'.` };
  switch (clause.field) {
    case 'project': {
      const project =
        index.projectByKey.get(text.toUpperCase()) ??
        index.projectById.get(text) ??
        site.projects.find((p) => p.name.toLowerCase() === lower);
      return project?.id ?? missing;
    }
    case 'key': {
      if (/^\d+$/.test(text)) {
        return (
          index.issueById.get(text)?.id ?? {
            error: `An issue with key '${text}' does not exist for field '${clause.name}'.`,
          }
        );
      }
      if (!/^[A-Z][A-Z0-9_]*-\d+$/i.test(text)) {
        return { error: `The issue key '${text}' for field '${clause.name}' is invalid.` };
      }
      return (
        index.issueByKey.get(text.toUpperCase())?.id ?? {
          error: `An issue with key '${text}' does not exist for field '${clause.name}'.`,
        }
      );
    }
    case 'issuetype':
      return site.issueTypes.find((t) => t.id === text || t.name.toLowerCase() === lower)?.id ?? missing;
    case 'status':
      return site.statuses.find((s) => s.id === text || s.name.toLowerCase() === lower)?.id ?? missing;
    case 'assignee':
      return index.userById.has(text) ? text : missing;
  }
}

interface Parsed {
  readonly clauses: readonly Clause[];
  readonly orders: readonly Order[];
  /** `updated >= "yyyy-MM-dd HH:mm"` (UTC here) or `updated >= <epoch ms>`: what a history reader asks. */
  readonly updatedSince: number | null;
}

function parse(jql: string): Parsed | { readonly errors: readonly string[] } {
  const tokenized = tokenize(jql);
  if ('error' in tokenized) return { errors: [tokenized.error] };
  const tokens: readonly Token[] = tokenized;
  let i = 0;
  const peek = (): Token | undefined => tokens[i];
  const isWord = (token: Token | undefined, word: string): boolean =>
    token !== undefined && token.kind === 'word' && token.text.toLowerCase() === word;
  const syntax = (expected: string, token: Token | undefined): { errors: string[] } => ({
    errors: [
      token === undefined
        ? `Error in the JQL Query: Expecting ${expected} but reached the end of the query.`
        : `Error in the JQL Query: Expecting ${expected} but got '${token.text}'. (line 1, character ${token.at})`,
    ],
  });
  const unsupported = (token: Token): { errors: string[] } => ({
    errors: [`${SUPPORTED}; not '${token.text}' (line 1, character ${token.at}).`],
  });

  const clauses: Clause[] = [];
  const orders: Order[] = [];
  let updatedSince: number | null = null;
  while (peek() !== undefined && !isWord(peek(), 'order')) {
    const fieldToken = tokens[i++];
    if (fieldToken === undefined) break;
    if (isWord(fieldToken, 'updated') && peek()?.kind === 'punct' && peek()?.text === '>=') {
      i++;
      const value = tokens[i++];
      const since = value === undefined ? NaN : jqlTime(value.text);
      if (value === undefined || value.kind === 'punct' || !Number.isFinite(since)) {
        return { errors: [`Date value '${value?.text ?? ''}' for field 'updated' is invalid.`] };
      }
      updatedSince = since;
      const after = peek();
      if (after === undefined || isWord(after, 'order')) break;
      if (isWord(after, 'and')) {
        i++;
        continue;
      }
      return syntax("either 'OR' or 'AND'", after);
    }
    if (fieldToken.kind === 'punct' || isWord(fieldToken, 'not')) {
      return fieldToken.text === '(' || isWord(fieldToken, 'not')
        ? unsupported(fieldToken)
        : syntax('a field name', fieldToken);
    }
    const name = fieldToken.text.toLowerCase();
    const field = FIELDS[name];
    if (field === undefined) {
      if (OTHER_JIRA_FIELDS.has(name) || /^cf\[\d+\]$|^customfield_\d+$/.test(name))
        return unsupported(fieldToken);
      return {
        errors: [`Field '${fieldToken.text}' does not exist or you do not have permission to view it.`],
      };
    }
    const op = tokens[i++];
    if (op === undefined) return syntax('operator', op);
    let values: Token[];
    if (op.kind === 'punct' && op.text === '=') {
      const value = readValue();
      if ('errors' in value) return value;
      values = [value];
    } else if (isWord(op, 'in')) {
      const open = tokens[i++];
      if (open?.text !== '(' || open.kind !== 'punct') return syntax("'('", open);
      values = [];
      for (;;) {
        const value = readValue();
        if ('errors' in value) return value;
        values.push(value);
        const sep = tokens[i++];
        if (sep?.kind === 'punct' && sep.text === ')') break;
        if (sep?.kind !== 'punct' || sep.text !== ',') return syntax("',' or ')'", sep);
      }
    } else if (op.kind === 'punct' || ['is', 'not', 'was', 'changed'].includes(op.text.toLowerCase())) {
      return unsupported(op);
    } else {
      return syntax('operator', op);
    }
    clauses.push({ name: fieldToken.text, field, values });
    const next = peek();
    if (next === undefined || isWord(next, 'order')) break;
    if (isWord(next, 'and')) {
      i++;
      if (peek() === undefined || isWord(peek(), 'order')) return syntax('a field name', peek());
      continue;
    }
    if (isWord(next, 'or')) return unsupported(next);
    return syntax("either 'OR' or 'AND'", next);
  }
  if (isWord(peek(), 'order')) {
    i++;
    if (!isWord(peek(), 'by')) return syntax("'by'", peek());
    i++;
    for (;;) {
      const token = tokens[i++];
      if (token === undefined || token.kind === 'punct') return syntax('a field name', token);
      const name = token.text.toLowerCase();
      if (!(ORDER_FIELDS as readonly string[]).includes(name)) {
        if (OTHER_JIRA_FIELDS.has(name)) return unsupported(token);
        return { errors: [`Field '${token.text}' does not exist or you do not have permission to view it.`] };
      }
      let descending = false;
      if (isWord(peek(), 'asc') || isWord(peek(), 'desc'))
        descending = tokens[i++]?.text.toLowerCase() === 'desc';
      orders.push({ field: name as OrderField, descending });
      const sep = peek();
      if (sep === undefined) break;
      if (sep.kind === 'punct' && sep.text === ',') {
        i++;
        continue;
      }
      return syntax("',' or the end of the query", sep);
    }
  }
  return { clauses, orders, updatedSince };

  function readValue(): Token | { errors: string[] } {
    const token = tokens[i++];
    if (token === undefined || token.kind === 'punct') return syntax('a value', token);
    const next = peek();
    if (token.kind === 'word' && next?.kind === 'punct' && next.text === '(') return unsupported(token);
    if (token.kind === 'word' && ['empty', 'null'].includes(token.text.toLowerCase()))
      return unsupported(token);
    return token;
  }
}

function tokenize(jql: string): Token[] | { readonly error: string } {
  const tokens: Token[] = [];
  let i = 0;
  while (i < jql.length) {
    const c = jql.charAt(i);
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const two = jql.slice(i, i + 2);
    if (['!=', '!~', '<=', '>='].includes(two)) {
      tokens.push({ kind: 'punct', text: two, at: i + 1 });
      i += 2;
    } else if ('(),=~<>'.includes(c)) {
      tokens.push({ kind: 'punct', text: c, at: i + 1 });
      i++;
    } else if (c === '"' || c === "'") {
      const start = i;
      let text = '';
      i++;
      while (i < jql.length && jql.charAt(i) !== c) {
        if (jql.charAt(i) === '\\' && i + 1 < jql.length) i++;
        text += jql.charAt(i);
        i++;
      }
      if (i >= jql.length) {
        return {
          error: `Error in the JQL Query: The quoted string '${text}' has not been completed. (line 1, character ${start + 1})`,
        };
      }
      i++;
      tokens.push({ kind: 'string', text, at: start + 1 });
    } else {
      const start = i;
      while (i < jql.length && !/[\s(),=!~<>"']/.test(jql.charAt(i))) i++;
      if (i === start) {
        return {
          error: `Error in the JQL Query: The character '${c}' is a reserved JQL character. (line 1, character ${i + 1})`,
        };
      }
      tokens.push({ kind: 'word', text: jql.slice(start, i), at: start + 1 });
    }
  }
  return tokens;
}

/** A JQL date: epoch ms, or `yyyy-MM-dd HH:mm` / `yyyy/MM/dd HH:mm` / `yyyy-MM-dd` (the sandbox's zone is UTC). */
function jqlTime(text: string): number {
  if (/^\d{10,}$/.test(text)) return Number(text);
  const m = /^(\d{4})[-/](\d{2})[-/](\d{2})(?: (\d{2}):(\d{2}))?$/.exec(text.trim());
  if (m === null) return NaN;
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0));
}
