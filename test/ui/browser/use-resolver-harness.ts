import { act, createElement } from 'react';
import { createRoot } from 'react-dom/client';
import type { Result } from '../../../static/admin/src/api';
import { useResolver } from '../../../static/admin/src/resolver/use-resolver';

/**
 * Runs in chromium, bundled by use-resolver.test.ts: one component that loads through `useResolver`,
 * whose requests the test answers by hand, in whatever order it likes. Each step runs inside React's
 * `act`, so when it returns every render it caused has been committed.
 */
type Answer = (result: Result<string>) => void;

const pending = new Map<string, Answer[]>();
let asked = 0;
let reload: () => void = () => undefined;

function Probe({ id }: { readonly id: string | undefined }) {
  const call = useResolver(
    () =>
      new Promise<Result<string>>((answer) => {
        asked += 1;
        pending.set(String(id), [...(pending.get(String(id)) ?? []), answer]);
      }),
    id,
  );
  reload = call.reload;
  return createElement('output', null, `${call.state}:${call.value ?? ''}`);
}

const page = globalThis as unknown as { IS_REACT_ACT_ENVIRONMENT: boolean; harness: unknown };
page.IS_REACT_ACT_ENVIRONMENT = true;
const container = document.getElementById('root')!;
const root = createRoot(container);

/** Answers the oldest or the newest request still waiting for `id`. */
const answer = (id: string, which: 'oldest' | 'newest', result: Result<string>) =>
  act(async () => {
    const queue = pending.get(id) ?? [];
    const found = which === 'oldest' ? queue.shift() : queue.pop();
    if (!found) throw new Error(`No request for ${id} is waiting`);
    found(result);
  });

page.harness = {
  show: (id: string | null) => act(() => root.render(createElement(Probe, { id: id ?? undefined }))),
  reload: () => act(() => reload()),
  answer: (id: string, which: 'oldest' | 'newest', value: string) => answer(id, which, { ok: true, value }),
  fail: (id: string, which: 'oldest' | 'newest', message: string) =>
    answer(id, which, { ok: false, error: { code: 'UNAVAILABLE', message } }),
  shown: () => container.textContent,
  asked: () => asked,
};
