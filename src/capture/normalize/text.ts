import { arr, field, obj, str } from './read';

/** A surrogate half without its partner: not valid UTF-16, and rejected by MySQL's utf8mb4. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Cuts `text` to at most `max` UTF-16 code units, ending in '…' when cut. It never splits a surrogate
 * pair, and any lone surrogate the payload itself carried becomes U+FFFD, so every stored string is
 * valid UTF-16.
 */
export function cut(text: string, max: number): string {
  let kept = text;
  if (text.length > max) {
    let end = Math.max(0, max - 1);
    const last = text.charCodeAt(end - 1);
    if (end > 0 && last >= 0xd800 && last <= 0xdbff) end -= 1;
    kept = max <= 0 ? '' : `${text.slice(0, end)}…`;
  }
  return kept.replace(LONE_SURROGATE, '\ufffd');
}

/** `cut` for optional values. */
export function cutOrNull(text: string | null, max: number): string | null {
  return text === null ? null : cut(text, max);
}

/**
 * A change value as a display string: strings as they are, numbers and booleans printed, anything else
 * (objects, arrays) as null rather than a guess at how to show it.
 */
export function displayValue(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : null;
  if (typeof value === 'boolean') return String(value);
  return null;
}

/** ADF nodes after which a line ends, so paragraphs and list items do not run together. */
const BLOCK_NODES: ReadonlySet<string> = new Set([
  'paragraph',
  'heading',
  'blockquote',
  'codeBlock',
  'listItem',
  'tableCell',
  'tableHeader',
  'tableRow',
  'panel',
  'rule',
  'mediaSingle',
  'decisionItem',
  'taskItem',
]);

/** Nodes visited at most, so a hostile body of millions of nodes costs bounded time. */
const MAX_NODES = 20_000;

/**
 * Plain text of a comment or worklog body: Jira v3 sends Atlassian Document Format, v2 and webhooks a
 * string. Text nodes are joined; mentions, emoji and links show their text; blocks end a line. Stops
 * once `limit` characters are collected (the caller cuts anyway). Iterative, so nesting depth cannot
 * overflow the stack.
 */
export function bodyText(body: unknown, limit: number): string | null {
  if (typeof body === 'string') return body;
  if (obj(body) === null) return null;
  let out = '';
  let visited = 0;
  // A stack of nodes to enter, and markers to end a block after its children.
  const stack: unknown[] = [body];
  while (stack.length > 0 && out.length <= limit && visited < MAX_NODES) {
    const node = stack.pop();
    visited += 1;
    if (node === BLOCK_END) {
      if (out !== '' && !out.endsWith('\n')) out += '\n';
      continue;
    }
    const type = str(node, 'type');
    out += inlineText(node, type);
    if (type !== null && BLOCK_NODES.has(type)) stack.push(BLOCK_END);
    const children = arr(field(node, 'content'));
    for (let i = children.length - 1; i >= 0; i -= 1) stack.push(children[i]);
  }
  const text = out.replace(/\n{3,}/g, '\n\n').trim();
  return text === '' ? null : text;
}

const BLOCK_END = Symbol('block end');

function inlineText(node: unknown, type: string | null): string {
  switch (type) {
    case 'text':
      return str(node, 'text') ?? '';
    case 'hardBreak':
      return '\n';
    case 'mention':
    case 'emoji':
    case 'status':
      return str(node, 'attrs', 'text') ?? str(node, 'attrs', 'shortName') ?? '';
    case 'inlineCard':
    case 'blockCard':
      return str(node, 'attrs', 'url') ?? '';
    default:
      return '';
  }
}
