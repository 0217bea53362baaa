import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openServerData } from '../../src/server/admin';
import {
  addOffice,
  createDeviceLookup,
  createEnrolmentCode,
  enrollDevice,
  revokeDevice,
} from '../../src/server/devices';
import type { Storage } from '../../src/server/storage';

/**
 * The device lookup a server process remembers (devices.ts, issue 17) and the PGlite storage's
 * prepared statements under it (storage-pglite.ts): a token asked again is not looked up again,
 * a revocation in this process is seen at the next request, and statements past the limit of
 * those kept prepared still run.
 */
describe('remembered device lookups on prepared PGlite statements', () => {
  let storage: Storage;
  beforeEach(async () => {
    storage = await openServerData({});
  });
  afterEach(async () => {
    await storage.close();
  });

  async function enrolled(): Promise<{ token: string; deviceId: string }> {
    const office = await addOffice(storage, 'Lookup office', { now: new Date() });
    const { code } = await createEnrolmentCode(storage, office.id, { now: new Date() });
    const done = await storage.transaction((tx) =>
      enrollDevice(tx, { code: code.replace(/-/g, ''), node: 'abcdef0123456789' }, new Date()),
    );
    return { token: done!.token, deviceId: done!.deviceId };
  }

  it('asks the database once for a token asked twice, and forgets a device revoked in this process', async () => {
    const { token, deviceId } = await enrolled();
    let asked = 0;
    const counting: Storage = {
      ...storage,
      query: (sql, params) => {
        if (sql.includes('token_hash')) asked++;
        return storage.query(sql, params);
      },
    };
    const lookup = createDeviceLookup(counting);
    expect((await lookup(token))?.id).toBe(deviceId);
    expect((await lookup(token))?.id).toBe(deviceId);
    expect(asked).toBe(1);
    expect(await lookup('x'.repeat(43))).toBeNull();
    expect(await revokeDevice(storage, deviceId, new Date())).toBe(true);
    expect(await lookup(token)).toBeNull();
  });

  it('runs more distinct statements than it keeps prepared, with their errors as PostgreSQL gives them', async () => {
    for (let i = 0; i < 300; i++) {
      const [row] = await storage.query<{ n: number }>(`SELECT $1::int + ${i} AS n`, [1]);
      expect(row!.n).toBe(1 + i);
    }
    const [again] = await storage.query<{ n: number }>('SELECT $1::int + 0 AS n', [41]);
    expect(again!.n).toBe(41);
    await expect(storage.query('SELECT $1::int AS n', ['not a number'])).rejects.toMatchObject({
      code: '22P02',
    });
    await expect(
      storage.transaction(async (tx) => {
        await tx.query('CREATE TABLE lookup_probe (id int)');
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await storage.query("SELECT to_regclass('lookup_probe') AS t")).toEqual([{ t: null }]);
  });
});
