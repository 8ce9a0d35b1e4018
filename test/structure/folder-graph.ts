import { execFileSync } from 'node:child_process';
import path from 'node:path';

export const repoRoot = path.resolve(__dirname, '../..');

/** One import between two different top-level parts of `src/` (a folder, or a file such as `limits.ts`). */
export interface FolderEdge {
  readonly from: string;
  readonly to: string;
}

interface CruiseResult {
  readonly modules: readonly {
    readonly source: string;
    readonly dependencies: readonly { readonly resolved: string }[];
  }[];
}

/** `src/forward/delivery/batches.ts` → `src/forward`; `src/limits.ts` stays itself. */
export function folderOf(file: string): string {
  return /^src\/[^/]+/.exec(file)?.[0] ?? file;
}

/**
 * Every folder → folder import under `src/`, type-only ones included (they are a dependency of the code
 * as read), found by dependency-cruiser with the repository's `.dependency-cruiser.cjs`. The CLI, not
 * its API: the API is an ES module, which this CommonJS test run cannot load.
 */
export function cruiseFolderEdges(): FolderEdge[] {
  const cli = path.join(repoRoot, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
  const json = execFileSync(process.execPath, [cli, 'src', '--output-type', 'json'], {
    cwd: repoRoot,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const { modules } = JSON.parse(json) as CruiseResult;
  const edges = new Map<string, FolderEdge>();
  for (const module of modules) {
    for (const { resolved } of module.dependencies) {
      const from = folderOf(module.source);
      const to = folderOf(resolved);
      if (from !== to && to.startsWith('src/')) edges.set(`${from} → ${to}`, { from, to });
    }
  }
  return [...edges.values()].sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
}

/**
 * The folders that import each other, directly or round a loop: the strongly connected components of
 * more than one folder (Tarjan), each given as the edges inside it, so the message names every import
 * that could be cut. Empty when the folders form a DAG.
 */
export function folderCycles(edges: readonly FolderEdge[]): string[][] {
  const next = new Map<string, string[]>();
  for (const { from, to } of edges) {
    next.set(from, [...(next.get(from) ?? []), to]);
    if (!next.has(to)) next.set(to, []);
  }
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, index.size);
    low.set(node, index.get(node)!);
    stack.push(node);
    onStack.add(node);
    for (const to of next.get(node)!) {
      if (!index.has(to)) {
        visit(to);
        low.set(node, Math.min(low.get(node)!, low.get(to)!));
      } else if (onStack.has(to)) {
        low.set(node, Math.min(low.get(node)!, index.get(to)!));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1) components.push(component);
    }
  };
  for (const node of next.keys()) if (!index.has(node)) visit(node);
  return components
    .map((component) => {
      const members = new Set(component);
      return edges.filter((e) => members.has(e.from) && members.has(e.to)).map((e) => `${e.from} → ${e.to}`);
    })
    .sort((a, b) => a[0]!.localeCompare(b[0]!));
}
