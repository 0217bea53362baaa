import { describe, expect, it } from 'vitest';
import { methods } from '../../src/shared/contract';
import {
  areasRead,
  areasWritten,
  callStarted,
  callSucceeded,
  noteReads,
  onInvalidate,
  READS,
  touches,
  WRITES,
} from '../../src/renderer/src/ui/invalidation';

/** Would a view that made `reads` go stale after `write`? */
function stale(reads: string[], write: string): boolean {
  const { areas } = noteReads(() => reads.forEach(callStarted));
  return touches(areas, areasWritten(write));
}

// Verbs that change data; a call with another verb must be listed in READS or WRITES on purpose.
const WRITE_VERB =
  /^(create|update|delete|erase|save|remove|log|open|advance|link|unlink|createChild|book|markNoShow|markAttended|cancel|record|withdraw|render|recordOutput|import|setup|login|logout|lock|unlock|changePassword|finishSetup|saveProfile|saveSecurity|saveSettings|postpone|enroll|run|resolve|transfer)$/;

describe('which views a write makes stale', () => {
  it('a fix saved in the packet check reloads the open profile', () => {
    expect(stale(['clients.get'], 'clients.update')).toBe(true);
    expect(stale(['packets.preflight'], 'clients.update')).toBe(true);
  });

  it('consent recorded from a referral reloads the consent card, and back', () => {
    expect(stale(['consents.list'], 'referrals.update')).toBe(true);
    expect(stale(['consents.list'], 'referrals.create')).toBe(true);
    expect(stale(['referrals.list'], 'consents.record')).toBe(true);
  });

  it('the dashboard follows casework writes and a sync run reaches every view', () => {
    expect(stale(['dashboard.get'], 'appointments.book')).toBe(true);
    expect(stale(['dashboard.get'], 'services.log')).toBe(true);
    expect(stale(['fees.list'], 'sync.run')).toBe(true);
  });

  it('leaves unrelated views alone', () => {
    expect(stale(['partners.list'], 'clients.update')).toBe(false);
    expect(stale(['fees.list'], 'consents.record')).toBe(false);
  });

  it('a read never makes anything stale, so a view can never reload itself in a loop', () => {
    for (const method of methods.filter((m) => areasRead(m) !== null)) {
      expect(areasWritten(method), method).toEqual([]);
    }
  });

  it('classifies every call of the contract on purpose', () => {
    const unlisted = methods.filter(
      (m) => !(m in READS) && !(m in WRITES) && !WRITE_VERB.test(m.slice(m.indexOf('.') + 1)),
    );
    expect(unlisted).toEqual([]);
    for (const method of methods.filter(
      (m) => WRITE_VERB.test(m.slice(m.indexOf('.') + 1)) && !(m in READS),
    )) {
      expect(areasRead(method), method).toBeNull();
    }
  });

  it('tells listeners about a successful write with the areas it changed', () => {
    const heard: (readonly string[])[] = [];
    const stop = onInvalidate((areas) => heard.push(areas));
    callSucceeded('clients.get');
    callSucceeded('consents.record');
    stop();
    callSucceeded('clients.update');
    expect(heard).toEqual([['consents', 'referrals', 'audit']]);
  });
});
