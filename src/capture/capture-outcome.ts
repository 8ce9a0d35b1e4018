/**
 * What became of one delivered event. Forge ignores a trigger's return value unless it is an
 * `InvocationError` (a retry request); the sandbox shows it per event.
 */
export type CaptureOutcome =
  | { readonly status: 'stored' | 'duplicate'; readonly id: string; readonly action: string }
  | {
      readonly status: 'skipped' | 'parked';
      readonly id: string;
      readonly action: string;
      readonly reason: string;
    }
  | { readonly status: 'rejected'; readonly reason: string };
