import { startSandbox, type Sandbox } from '../../dev/sandbox';
import type { Store } from '../../src/store/database';
import type { TestEngine } from './engines';

/**
 * A sandbox on a fresh database of `engine` for the enclosing describe block: started before its tests
 * (beforeAll hooks registered after this call run after the start), closed and dropped after them. The
 * answer reads the sandbox's store once it has started.
 */
export function storeForSuite(engine: TestEngine): () => Store {
  let sandbox: Sandbox | undefined;
  beforeAll(async () => {
    sandbox = await startSandbox({ auditDb: await engine.freshDatabase(), kvsFile: null });
  });
  afterAll(async () => {
    await sandbox?.close();
    await engine.dropAll();
  });
  return () => {
    if (!sandbox)
      throw new Error('storeForSuite: the sandbox has not started (read the store inside a test or hook)');
    return sandbox.opened.store;
  };
}

/** As `storeForSuite`, but a fresh database for each test of the block (hooks registered after this run after the start). */
export function storeForEach(engine: TestEngine): () => Store {
  let sandbox: Sandbox | undefined;
  beforeEach(async () => {
    sandbox = await startSandbox({ auditDb: await engine.freshDatabase(), kvsFile: null });
  });
  afterEach(async () => {
    await sandbox?.close();
    sandbox = undefined;
    await engine.dropAll();
  });
  return () => {
    if (!sandbox)
      throw new Error('storeForEach: the sandbox has not started (read the store inside a test or hook)');
    return sandbox.opened.store;
  };
}
