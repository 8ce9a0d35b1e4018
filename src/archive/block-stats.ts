/**
 * Counts of archive blocks read since the process started: `decoded` every decompression, `opened` the
 * blocks a filtered read took after its summaries ruled others out, `matched` those that held a match.
 * How the benchmark and tests see how well the summaries prune; reading and resetting is the caller's.
 */
export const blockStats = { decoded: 0, opened: 0, matched: 0 };
