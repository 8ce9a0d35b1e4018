import { ForgeKvsAPIError, kvs } from '@forge/kvs';
import { installForgeRuntime } from '../../dev/runtime/forge-runtime';
import { FileKvsBackend } from '../../dev/runtime/file-kvs-backend';
import { limits } from '../../src/limits';

/**
 * The KVS stand-in refuses keys and values Forge refuses (FD:storage-reference/handling-errors-kvs,
 * FD:limits-kvs-ce), through the real `@forge/kvs` client: each refusal arrives as the `ForgeKvsAPIError`
 * the app would see.
 */
describe('the KVS stand-in enforces Forge KVS key and value rules', () => {
  beforeAll(() => {
    installForgeRuntime({
      kvs: new FileKvsBackend(null),
      products: () => ({ status: 404, body: {} }),
      cloudId: 'kvs-limits',
    });
  });

  const refused = (code: string) =>
    expect.objectContaining({
      code,
      message: expect.any(String),
      responseDetails: expect.objectContaining({ status: 400 }),
    });

  test('keys of 1 to 500 characters from the allowed set are stored', async () => {
    const keys = ['a', 'k'.repeat(limits.kvsKeyMaxLength), 'parked:Ab9 .:_-#x', 'with\ttab'];
    for (const key of keys) {
      await kvs.set(key, { key });
      expect(await kvs.get(key)).toEqual({ key });
    }
  });

  test.each([
    ['an empty key', '', 'KEY_TOO_SHORT'],
    ['a key over 500 characters', 'k'.repeat(limits.kvsKeyMaxLength + 1), 'KEY_TOO_LONG'],
    ['a key with a slash', 'destination/1', 'INVALID_KEY'],
    ['a key with non-ASCII letters', 'clé', 'INVALID_KEY'],
    ['a key of white space only', '   ', 'INVALID_KEY'],
  ])('%s is refused by set, get, delete and the secret calls', async (_what, key, code) => {
    for (const call of [
      kvs.set(key, 1),
      kvs.get(key),
      kvs.delete(key),
      kvs.setSecret(key, 's'),
      kvs.getSecret(key),
      kvs.deleteSecret(key),
    ]) {
      await expect(call).rejects.toBeInstanceOf(ForgeKvsAPIError);
      await expect(call).rejects.toEqual(refused(code));
    }
  });

  test('a value whose JSON is over 240 KiB is refused and leaves the stored value as it was', async () => {
    // A string's JSON adds two quotes.
    const fits = 'v'.repeat(limits.kvsValueBytes - 2);
    await kvs.set('big', fits);
    expect(await kvs.get('big')).toBe(fits);
    await expect(kvs.set('big', `${fits}v`)).rejects.toEqual(refused('MAX_SIZE'));
    await expect(kvs.setSecret('big', `${fits}v`)).rejects.toEqual(refused('MAX_SIZE'));
    // Measured in UTF-8 bytes: 'é' is two.
    await expect(kvs.set('big', 'é'.repeat(limits.kvsValueBytes / 2))).rejects.toEqual(refused('MAX_SIZE'));
    expect(await kvs.get('big')).toBe(fits);
  });
});
