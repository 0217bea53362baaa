import type { CoreContext, Handlers } from '../context';
import { createSyncService } from './service';

type SyncMethod =
  `sync.${'status' | 'enroll' | 'run' | 'preview' | 'cancel' | 'conflicts' | 'resolve' | 'offices' | 'transfer' | 'saveChanges' | 'loadAnswer'}`;

export function syncHandlers(ctx: CoreContext): Handlers<SyncMethod> {
  const sync = createSyncService(ctx.db, { clock: ctx.clock });
  return {
    'sync.status': () => sync.status(),
    'sync.enroll': (input) => sync.enroll(input),
    'sync.run': ({ confirmMassDelete }) => sync.run({ confirmMassDelete }),
    'sync.preview': ({ limit }) => sync.preview({ limit }),
    'sync.cancel': () => sync.cancel(),
    'sync.conflicts': (input) => sync.conflicts.list(input),
    'sync.resolve': ({ id, choice }) => sync.conflicts.resolve(id, choice),
    'sync.offices': () => sync.offices(),
    'sync.saveChanges': () => {
      const { bytes, ...saved } = sync.bundles.saveChanges();
      return { ...saved, contentBase64: bytes.toString('base64') };
    },
    'sync.loadAnswer': ({ contentBase64 }) => sync.bundles.loadAnswer(Buffer.from(contentBase64, 'base64')),
    'sync.transfer': (input) => sync.transfer(input),
  };
}
