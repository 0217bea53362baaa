import type { CoreContext, Handlers } from '../context';
import { createSyncService } from './service';

type SyncMethod = `sync.${'status' | 'enroll' | 'run' | 'conflicts' | 'resolve' | 'offices' | 'transfer'}`;

export function syncHandlers(ctx: CoreContext): Handlers<SyncMethod> {
  const sync = createSyncService(ctx.db, { clock: ctx.clock });
  return {
    'sync.status': () => sync.status(),
    'sync.enroll': (input) => sync.enroll(input),
    'sync.run': ({ confirmMassDelete }) => sync.run({ confirmMassDelete }),
    'sync.conflicts': (input) => sync.conflicts.list(input),
    'sync.resolve': ({ id, choice }) => sync.conflicts.resolve(id, choice),
    'sync.offices': () => sync.offices(),
    'sync.transfer': (input) => sync.transfer(input),
  };
}
