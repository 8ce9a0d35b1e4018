/**
 * What Forge SQL checks in a query before it reaches the database (FD:storage-reference/sql-query-policy):
 * one statement per request, no `USE`, `SET` only for `@user` variables, `SHOW` only for tables, columns
 * and indexes, no SQL-level `PREPARE`/`EXECUTE`, only the listed optimizer hints, and no names in another
 * installation's schema (INFORMATION_SCHEMA and MYSQL are allowed). Forge refuses these with
 * `SQL_POLICY_VIOLATION`.
 *
 * The stand-in is stricter than that page where the service itself cannot honour a statement: a request
 * has no session, so transactions and table locks cannot outlive it (the page lists `LOCK TABLES` among
 * the statements that trigger an audit and "may be rejected"); accounts, grants and server files are
 * not the installation's to touch; and DDL has its own endpoint (`executeDDL`), so DDL sent to the DML
 * endpoint is refused too. Forge does not document its answer to these; the stand-in gives them the same
 * code, so a test meets them before a customer meets whatever Forge does.
 */
export interface PolicyVerdict {
  /** Whether the statement reads (SELECT, SHOW, …): Forge SQL times those out sooner than writes. */
  readonly reads: boolean;
  /** Set when Forge SQL would refuse the query: why. */
  readonly violation?: string;
}

type TokenKind = 'word' | 'string' | 'identifier' | 'hint' | 'punct';

interface Token {
  readonly kind: TokenKind;
  readonly text: string;
}

/** The optimizer hints the policy permits; any other is a violation. */
const ALLOWED_HINTS = new Set([
  'USE_INDEX',
  'IGNORE_INDEX',
  'FORCE_INDEX',
  'ORDER_INDEX',
  'NO_ORDER_INDEX',
  'HASH_JOIN',
  'MERGE_JOIN',
  'INL_JOIN',
  'INL_HASH_JOIN',
  'INL_MERGE_JOIN',
  'BKA',
  'NO_BKA',
  'BNL',
  'NO_BNL',
]);

/** Schemas every installation may name besides its own. */
const SHARED_SCHEMAS = new Set(['information_schema', 'mysql']);

const DDL_VERBS = new Set(['CREATE', 'ALTER', 'DROP', 'TRUNCATE', 'RENAME']);
const READ_VERBS = new Set(['SELECT', 'WITH', 'SHOW', 'DESCRIBE', 'DESC', 'EXPLAIN', 'VALUES', 'TABLE']);

/** Statements refused by their first word, and why. */
const REFUSED_VERBS: Readonly<Record<string, string>> = {
  USE: 'USE statements are not permitted: queries are scoped to the installation',
  PREPARE: 'SQL-level PREPARE is not permitted: use sql.prepare',
  EXECUTE: 'SQL-level EXECUTE is not permitted: use sql.prepare',
  DEALLOCATE: 'SQL-level DEALLOCATE PREPARE is not permitted: use sql.prepare',
  BEGIN: 'Transactions are not available: each request is one statement without a session',
  START: 'Transactions are not available: each request is one statement without a session',
  COMMIT: 'Transactions are not available: each request is one statement without a session',
  ROLLBACK: 'Transactions are not available: each request is one statement without a session',
  SAVEPOINT: 'Transactions are not available: each request is one statement without a session',
  RELEASE: 'Transactions are not available: each request is one statement without a session',
  XA: 'Transactions are not available: each request is one statement without a session',
  LOCK: 'LOCK TABLES is not available: a lock cannot outlive its request',
  UNLOCK: 'UNLOCK TABLES is not available: a lock cannot outlive its request',
  GRANT: 'Account and privilege statements are not permitted',
  REVOKE: 'Account and privilege statements are not permitted',
  LOAD: 'LOAD DATA is not permitted: the server has no files of the app',
  HANDLER: 'HANDLER statements are not permitted',
  FLUSH: 'Server administration statements are not permitted',
  KILL: 'Server administration statements are not permitted',
  SHUTDOWN: 'Server administration statements are not permitted',
  INSTALL: 'Server administration statements are not permitted',
  UNINSTALL: 'Server administration statements are not permitted',
};

/** Keywords after which a (possibly schema-qualified) table name follows. */
const TABLE_NAME_BEFORE = new Set(['FROM', 'JOIN', 'INTO', 'UPDATE', 'TABLE', 'REFERENCES']);
/** Words that end a list of tables. */
const CLAUSE_WORDS = new Set([
  'WHERE',
  'SET',
  'VALUES',
  'VALUE',
  'SELECT',
  'GROUP',
  'ORDER',
  'HAVING',
  'LIMIT',
  'UNION',
  'ON',
  'USING',
  'WINDOW',
  'FOR',
  'LOCK',
  'INTO',
  'PARTITION',
  'DUPLICATE',
  'RETURNING',
]);

/** Checks one request's query for the endpoint it was sent to; `database` is the installation's schema. */
export function checkStatementPolicy(
  query: string,
  endpoint: 'dml' | 'ddl',
  database: string,
): PolicyVerdict {
  const tokens = tokenize(query);
  // An unterminated literal or comment: the database answers with its own parse error, as Forge does.
  if (tokens === undefined) return { reads: false };
  const statements = splitStatements(tokens);
  if (statements.length > 1) {
    return { reads: false, violation: 'Each request may hold only one statement' };
  }
  const statement = statements[0] ?? [];
  const words = statement.filter((t) => t.kind === 'word').map((t) => t.text.toUpperCase());
  const verb = words[0] ?? '';
  const reads = READ_VERBS.has(verb);
  const violation =
    REFUSED_VERBS[verb] ??
    checkSet(verb, words) ??
    checkShow(verb, words) ??
    checkAccounts(verb, words) ??
    checkOutfile(words) ??
    checkHints(statement) ??
    checkSchemas(statement, database) ??
    (endpoint === 'dml' && DDL_VERBS.has(verb)
      ? `${verb} is DDL: send it to the DDL endpoint (sql.executeDDL or migrationRunner)`
      : undefined);
  return violation === undefined ? { reads } : { reads, violation };
}

function checkSet(verb: string, words: readonly string[]): string | undefined {
  if (verb !== 'SET') return undefined;
  const target = words[1] ?? '';
  return target.startsWith('@') && !target.startsWith('@@')
    ? undefined
    : 'Only user-variable assignments (SET @var = …) are permitted';
}

function checkShow(verb: string, words: readonly string[]): string | undefined {
  if (verb !== 'SHOW') return undefined;
  const what = words[1] === 'FULL' ? words[2] : words[1];
  return ['TABLES', 'COLUMNS', 'FIELDS', 'INDEX', 'INDEXES', 'KEYS'].includes(what ?? '')
    ? undefined
    : 'Only SHOW TABLES, SHOW COLUMNS and SHOW INDEXES are permitted';
}

function checkAccounts(verb: string, words: readonly string[]): string | undefined {
  const object = words[1];
  if ((verb === 'CREATE' || verb === 'ALTER' || verb === 'DROP' || verb === 'RENAME') && object === 'USER')
    return 'Account and privilege statements are not permitted';
  if (
    (verb === 'CREATE' || verb === 'DROP' || verb === 'ALTER') &&
    (object === 'DATABASE' || object === 'SCHEMA')
  )
    return 'Statements on schemas are not permitted: the installation has exactly one';
  return undefined;
}

function checkOutfile(words: readonly string[]): string | undefined {
  for (let i = 0; i + 1 < words.length; i++) {
    if (words[i] === 'INTO' && (words[i + 1] === 'OUTFILE' || words[i + 1] === 'DUMPFILE'))
      return 'SELECT … INTO OUTFILE/DUMPFILE is not permitted: the server has no files of the app';
  }
  return undefined;
}

function checkHints(statement: readonly Token[]): string | undefined {
  for (const token of statement) {
    if (token.kind !== 'hint') continue;
    const inner = tokenize(token.text) ?? [];
    let depth = 0;
    for (const t of inner) {
      if (t.text === '(') depth += 1;
      else if (t.text === ')') depth -= 1;
      else if (depth === 0 && t.kind === 'word' && !ALLOWED_HINTS.has(t.text.toUpperCase()))
        return `The optimizer hint ${t.text} is not permitted`;
    }
  }
  return undefined;
}

/**
 * Names in another schema: any three-part name `schema.table.column`, and a two-part name where a table
 * name stands (after FROM, JOIN, INTO, UPDATE, TABLE or REFERENCES, or after a comma in such a list).
 * Elsewhere `a.b` is a table (or alias) and its column.
 */
function checkSchemas(statement: readonly Token[], database: string): string | undefined {
  const tokens = statement.filter((t) => t.kind !== 'hint');
  const allowed = (schema: string) =>
    schema.toLowerCase() === database.toLowerCase() || SHARED_SCHEMAS.has(schema.toLowerCase());
  // Where the scan stands in a list of tables: a name may come next, or one (and its alias) just came.
  let place = 'elsewhere' as 'elsewhere' | 'before-name' | 'after-name';
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (isNameToken(token) && tokens[i + 1]?.text === '.' && isNameToken(tokens[i + 2])) {
      const threePart = tokens[i + 3]?.text === '.' && isNameToken(tokens[i + 4]);
      if ((threePart || place === 'before-name') && !allowed(token.text))
        return `${token.text} is another installation's schema: only this installation's tables may be named`;
      place = place === 'before-name' ? 'after-name' : 'elsewhere';
      i += threePart ? 4 : 2;
    } else if (token.kind === 'word' && TABLE_NAME_BEFORE.has(token.text.toUpperCase())) {
      place = 'before-name';
    } else if (isNameToken(token) && place !== 'elsewhere') {
      // The table's name, then its alias or index hints; a clause keyword ends the list.
      place =
        place === 'after-name' && CLAUSE_WORDS.has(token.text.toUpperCase()) ? 'elsewhere' : 'after-name';
    } else {
      place = token.text === ',' && place === 'after-name' ? 'before-name' : 'elsewhere';
    }
  }
  return undefined;
}

function isNameToken(token: Token | undefined): boolean {
  return token !== undefined && (token.kind === 'word' || token.kind === 'identifier');
}

function splitStatements(tokens: readonly Token[]): Token[][] {
  const statements: Token[][] = [[]];
  for (const token of tokens) {
    if (token.kind === 'punct' && token.text === ';') statements.push([]);
    else statements[statements.length - 1]!.push(token);
  }
  // A trailing `;` (Forge's own migrationRunner sends one) ends a statement; it does not start another.
  return statements.filter((s) => s.length > 0);
}

/**
 * MySQL's lexical rules, as far as statement boundaries and names need them: '…' and "…" literals with
 * backslash escapes and doubled quotes, `…` identifiers, `-- `, `#` and `/* … *\/` comments, `/*+ … *\/`
 * optimizer hints kept as tokens, and `/*! … *\/` executable comments read as code (MySQL and TiDB run
 * them). Undefined when a literal, identifier or comment is not closed.
 */
function tokenize(text: string): Token[] | undefined {
  const tokens: Token[] = [];
  let executableComment = false;
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    const next = text[i + 1] ?? '';
    if (/\s/.test(c)) {
      i += 1;
    } else if (c === '#' || (c === '-' && next === '-' && /[\s]|^$/.test(text[i + 2] ?? ''))) {
      const end = text.indexOf('\n', i);
      i = end === -1 ? text.length : end + 1;
    } else if (c === '/' && next === '*') {
      const end = text.indexOf('*/', i + 2);
      if (text[i + 2] === '!') {
        executableComment = true;
        i += 3;
        while (/[0-9]/.test(text[i] ?? '')) i += 1;
        continue;
      }
      if (end === -1) return undefined;
      if (text[i + 2] === '+') tokens.push({ kind: 'hint', text: text.slice(i + 3, end) });
      i = end + 2;
    } else if (c === '*' && next === '/' && executableComment) {
      executableComment = false;
      i += 2;
    } else if (c === "'" || c === '"' || c === '`') {
      const end = closingQuote(text, i);
      if (end === -1) return undefined;
      tokens.push({ kind: c === '`' ? 'identifier' : 'string', text: text.slice(i + 1, end) });
      i = end + 1;
    } else if (/[A-Za-z0-9_$@]/.test(c)) {
      let end = i + 1;
      while (end < text.length && /[A-Za-z0-9_$@]/.test(text[end]!)) end += 1;
      tokens.push({ kind: 'word', text: text.slice(i, end) });
      i = end;
    } else {
      tokens.push({ kind: 'punct', text: c });
      i += 1;
    }
  }
  return tokens;
}

/** The index of the quote closing the literal or identifier opened at `start`, or -1. */
function closingQuote(text: string, start: number): number {
  const quote = text[start]!;
  let i = start + 1;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\\' && quote !== '`') i += 2;
    else if (c === quote && text[i + 1] === quote) i += 2;
    else if (c === quote) return i;
    else i += 1;
  }
  return -1;
}
