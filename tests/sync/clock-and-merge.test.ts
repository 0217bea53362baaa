import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergeChanges, type IncomingChange, type StoredRow } from '../../src/server/merge';
import {
  compareHlc,
  formatHlc,
  MAX_COUNTER,
  observeHlc,
  parseHlc,
  tickHlc,
  type Hlc,
} from '../../src/shared/hlc';

/** The pure parts of sync, over generated histories: the clock and the field-level merge. */

const node = fc.stringMatching(/^[0-9a-f]{16}$/);
const hlc: fc.Arbitrary<Hlc> = fc.record({
  millis: fc.integer({ min: 0, max: 4_102_444_800_000 }),
  counter: fc.integer({ min: 0, max: MAX_COUNTER }),
  node,
});

describe('the hybrid logical clock', () => {
  it('orders stamps as text exactly as it orders them as numbers', () => {
    fc.assert(
      fc.property(hlc, hlc, (a, b) => {
        const text = formatHlc(a) < formatHlc(b) ? -1 : formatHlc(a) > formatHlc(b) ? 1 : 0;
        expect(text).toBe(compareHlc(a, b));
        expect(parseHlc(formatHlc(a))).toEqual(a);
      }),
    );
  });

  it('never issues a stamp at or before one it issued or saw, whatever the wall clock does', () => {
    fc.assert(
      fc.property(
        node,
        fc.array(fc.oneof(fc.record({ now: fc.integer({ min: 0, max: 2e12 }) }), fc.record({ seen: hlc })), {
          maxLength: 60,
        }),
        (me, events) => {
          let last: Hlc | null = null;
          let latestSeen: Hlc | null = null;
          for (const event of events) {
            if ('seen' in event) {
              last = observeHlc(last, event.seen);
              if (!latestSeen || compareHlc(event.seen, latestSeen) > 0) latestSeen = event.seen;
              continue;
            }
            const next = tickHlc(last, event.now, me);
            if (last) expect(compareHlc(next, last)).toBeGreaterThan(0);
            if (latestSeen) expect(compareHlc(next, latestSeen)).toBeGreaterThan(0);
            expect(next.node).toBe(me);
            last = next;
          }
        },
      ),
    );
  });

  it('borrows the next millisecond when the counter is spent, staying unique', () => {
    const me = '00000000000000aa';
    const next = tickHlc({ millis: 5, counter: MAX_COUNTER, node: me }, 5, me);
    expect(next).toEqual({ millis: 6, counter: 0, node: me });
  });
});

describe('the field-level merge', () => {
  const pusher = { deviceId: 'd', office: 'o', centre: false, referenceTables: new Set<string>() };
  const change = fc.record({
    millis: fc.integer({ min: 1, max: 50 }),
    device: fc.constantFrom('000000000000000a', '000000000000000b', '000000000000000c'),
    row: fc.constantFrom('r1', 'r2'),
    fields: fc.dictionary(fc.constantFrom('phone', 'notes', 'deleted_at'), fc.string({ maxLength: 3 }), {
      minKeys: 1,
    }),
  });
  const history = fc.uniqueArray(change, {
    selector: (c) => `${c.millis}-${c.device}`,
    minLength: 1,
    maxLength: 12,
  });

  function replay(changes: IncomingChange[], batch: number): Map<string, StoredRow> {
    const state = new Map<string, StoredRow>();
    for (let i = 0; i < changes.length; i += batch) {
      for (const [key, row] of mergeChanges(state, changes.slice(i, i + batch), pusher).changed)
        state.set(key, row);
    }
    return state;
  }

  it('ends in the same state whatever order and batches the changes arrive in, replays included', () => {
    fc.assert(
      fc.property(
        history,
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 5 }),
        (made, batchA, batchB) => {
          const changes: IncomingChange[] = made.map((c) => {
            const stamp = `${c.millis.toString(36).padStart(9, '0')}-0000`;
            return { hlc: `${stamp}-${c.device}`, stamp, table: 'clients', rowId: c.row, fields: c.fields };
          });
          const forwards = replay(changes, batchA);
          const backwards = replay([...changes].reverse(), batchB);
          const twice = replay([...changes, ...changes], batchA);
          const plain = (state: Map<string, StoredRow>) =>
            Object.fromEntries([...state].map(([k, r]) => [k, r.fields]));
          expect(plain(backwards)).toEqual(plain(forwards));
          expect(plain(twice)).toEqual(plain(forwards));

          // Each field holds the value of its latest change.
          for (const c of changes) {
            for (const [field, value] of Object.entries(c.fields)) {
              const latest = changes
                .filter((o) => o.rowId === c.rowId && field in o.fields)
                .reduce((a, b) => (a.hlc > b.hlc ? a : b));
              if (latest.hlc === c.hlc)
                expect(forwards.get(`clients\u0000${c.rowId}`)?.fields[field]).toEqual(value);
            }
          }
        },
      ),
    );
  });

  it('logs a replayed change nowhere', () => {
    const one: IncomingChange = {
      hlc: '00000000a-0000-000000000000000a',
      stamp: '00000000a-0000',
      table: 'clients',
      rowId: 'r',
      fields: { phone: '1' },
    };
    const first = mergeChanges(new Map(), [one], pusher);
    expect(first.log).toHaveLength(1);
    expect(mergeChanges(new Map(first.changed), [one], pusher).log).toEqual([]);
  });
});
