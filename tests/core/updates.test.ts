import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../src/core';
import { MAX_POSTPONE_DAYS } from '../../src/core/updates';
import { AppError } from '../../src/shared/errors';
import { openDesk, TEST_KEY, type Desk } from '../sync/helpers';

const ADMIN = { username: 'admin', displayName: 'Office Admin', password: 'correct horse battery' };
const NOW = new Date('2026-11-22T09:00:00Z');

let desk: Desk | undefined;
afterEach(() => {
  desk?.close();
  desk = undefined;
});

/** An interactive core on the desk's folder (people sign in; rules are checked per call). */
function interactive(dir: string): Core {
  return createCore({
    dataDir: dir,
    databaseKey: TEST_KEY,
    log: () => {},
    access: { kind: 'interactive' },
    clock: () => NOW,
  });
}

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe('the update feed', () => {
  it("is the enrolled server's /updates/, and nothing before enrolment; anyone may ask, before signing in", async () => {
    desk = openDesk({ clock: () => NOW });
    const core = interactive(`${desk.dir}/second`);
    expect(await core.call('updates.feed', {})).toEqual({ feedUrl: null, postponedUntil: null });
    core.close();

    desk.db
      .prepare("INSERT INTO sync_state (key, value) VALUES ('server_url', 'https://centre.example:8443/')")
      .run();
    expect(await desk.core.call('updates.feed', {})).toEqual({
      feedUrl: 'https://centre.example:8443/updates/',
      postponedUntil: null,
    });
  });

  it('can be postponed by an admin only, from today up to the limit, and the postponement runs out', async () => {
    desk = openDesk({ clock: () => NOW });
    desk.core.close();
    const core = interactive(desk.dir);
    try {
      expect((await failure(core.call('updates.postpone', { until: '2026-11-30' }))).code).toBe(
        'LOGIN_REQUIRED',
      );
      await core.call('session.setup', ADMIN);

      const tooLate = await failure(core.call('updates.postpone', { until: '2027-03-01' }));
      expect(tooLate).toMatchObject({
        code: 'VALIDATION',
        fields: { until: expect.stringContaining('2026-11-22') },
      });
      const past = await failure(core.call('updates.postpone', { until: '2026-11-21' }));
      expect(past.code).toBe('VALIDATION');
      expect(await core.call('updates.feed', {})).toMatchObject({ postponedUntil: null });

      expect(await core.call('updates.postpone', { until: '2026-11-30' })).toMatchObject({
        postponedUntil: '2026-11-30',
      });
      const lastDay = new Date(NOW);
      lastDay.setUTCDate(lastDay.getUTCDate() + MAX_POSTPONE_DAYS);
      await core.call('updates.postpone', { until: lastDay.toISOString().slice(0, 10) });
      await core.call('updates.postpone', { until: '2026-11-22' }); // today counts
      expect(await core.call('updates.feed', {})).toMatchObject({ postponedUntil: '2026-11-22' });

      await core.call('users.create', {
        username: 'mira',
        displayName: 'Mira',
        role: 'counsellor',
        password: 'counsellor pass 1',
      });
      await core.call('session.logout', {});
      await core.call('session.login', { username: 'mira', password: 'counsellor pass 1' });
      expect((await failure(core.call('updates.postpone', { until: null }))).code).toBe('FORBIDDEN');
    } finally {
      core.close();
    }

    // The day after, the postponement is over without anyone lifting it.
    const tomorrow = createCore({
      dataDir: desk.dir,
      databaseKey: TEST_KEY,
      log: () => {},
      clock: () => new Date('2026-11-23T08:00:00Z'),
    });
    desk.core = tomorrow;
    expect(await tomorrow.call('updates.feed', {})).toMatchObject({ postponedUntil: null });
  });

  it('lifting a postponement is recorded in the audit trail', async () => {
    desk = openDesk({ clock: () => NOW });
    await desk.core.call('updates.postpone', { until: '2026-11-25' });
    await desk.core.call('updates.postpone', { until: null });
    const { items } = await desk.core.call('audit.list', {});
    expect(items.filter((entry) => entry.method === 'updates.postpone')).toHaveLength(2);
  });
});

describe('system.about', () => {
  it('names the app, the schema and every packet template with its version, before anyone signs in', async () => {
    desk = openDesk({ clock: () => NOW });
    const core = interactive(`${desk.dir}/about`);
    try {
      const about = await core.call('system.about', {});
      expect(about.schemaVersion).toBe(about.latestSchemaVersion);
      expect(about.templates.map((t) => t.id)).toEqual(
        expect.arrayContaining(['residence', 'id-card', 'health', 'residence-application', 'phrases']),
      );
      expect(about.templates.every((t) => t.version >= 1)).toBe(true);
    } finally {
      core.close();
    }
  });
});
