/**
 * Loads (or finds) the synthetic log of `process.argv[2]` rows and exits: parts that measure their own
 * process's memory (export.ts) load the log here, in another process, so the loader's memory is not theirs.
 */
import { openSyntheticLog } from './synthetic-log';

openSyntheticLog(Number(process.argv[2]), { progress: (line) => console.log(line) })
  .then((log) => log.close())
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
