import { nodeOf, parseHlc } from '../../shared/hlc';
import type { PulledChange } from '../../shared/sync';
import type { SyncState } from './state';

/**
 * What a pull brought from elsewhere, kept for the Sync panel's preview (`sync.preview`): per
 * office PC (the node in each change's stamp), how many records of which kinds, who is named on
 * them (the counsellor, who printed or recorded) and when its latest change was made; and the
 * first records, to name them. Remembered in sync_state `last_received` at the end of each pull,
 * complete or not.
 */

/** Columns that say who did what, as written on the record. */
const WHO_COLUMNS = ['counsellor', 'created_by', 'by_whom', 'recorded_by'] as const;
/** Records named in the summary (the counts cover all of them). */
const ITEMS = 200;
/** Names kept per PC. */
const NAMES = 10;

export interface ReceivedPc {
  node: string;
  /** The PC's name as enrolled, when the server gave it (FeedStart `names`). */
  name?: string;
  who: string[];
  records: number;
  changes: number;
  kinds: Record<string, number>;
  latestAt: string | null;
}

export interface ReceivedSummary {
  at: string;
  changes: number;
  records: number;
  complete: boolean;
  from: ReceivedPc[];
  items: { kind: string; rowId: string; node: string }[];
  more: number;
}

export function readReceived(state: SyncState): ReceivedSummary | null {
  try {
    return state.json<ReceivedSummary>('last_received');
  } catch {
    return null;
  }
}

/** Collects one pull's changes; `save` remembers the summary. */
export function collectReceived(state: SyncState, clock: () => Date) {
  const pcs = new Map<
    string,
    {
      who: Set<string>;
      records: Set<string>;
      changes: number;
      kinds: Map<string, Set<string>>;
      latest: number;
    }
  >();
  const items: ReceivedSummary['items'] = [];
  const named = new Set<string>();
  const all = new Set<string>();
  const names = new Map<string, string>();
  let changes = 0;

  return {
    add(page: readonly PulledChange[], pcNames?: Readonly<Record<string, string>>): void {
      for (const [node, name] of Object.entries(pcNames ?? {})) names.set(node, name);
      for (const change of page) {
        const node = nodeOf(change.h);
        const key = `${change.t}/${change.r}`;
        let pc = pcs.get(node);
        if (!pc)
          pcs.set(
            node,
            (pc = { who: new Set(), records: new Set(), changes: 0, kinds: new Map(), latest: 0 }),
          );
        pc.changes++;
        changes++;
        pc.records.add(key);
        all.add(key);
        const kind = pc.kinds.get(change.t) ?? new Set<string>();
        kind.add(change.r);
        pc.kinds.set(change.t, kind);
        pc.latest = Math.max(pc.latest, parseHlc(change.h)?.millis ?? 0);
        for (const column of WHO_COLUMNS) {
          const value = change.f?.[column];
          if (typeof value === 'string' && value.trim() !== '' && pc.who.size < NAMES)
            pc.who.add(value.trim());
        }
        if (!named.has(key) && items.length < ITEMS) {
          named.add(key);
          items.push({ kind: change.t, rowId: change.r, node });
        }
      }
    },

    save(complete: boolean): void {
      const summary: ReceivedSummary = {
        at: clock().toISOString(),
        changes,
        records: all.size,
        complete,
        from: [...pcs.entries()]
          .map(([node, pc]) => ({
            node,
            ...(names.has(node) ? { name: names.get(node)! } : {}),
            who: [...pc.who],
            records: pc.records.size,
            changes: pc.changes,
            kinds: Object.fromEntries([...pc.kinds.entries()].map(([t, rows]) => [t, rows.size])),
            latestAt: pc.latest > 0 ? new Date(pc.latest).toISOString() : null,
          }))
          .sort((a, b) => b.records - a.records),
        items,
        more: Math.max(0, all.size - items.length),
      };
      state.set('last_received', JSON.stringify(summary));
    },
  };
}

export type ReceivedCollector = ReturnType<typeof collectReceived>;
