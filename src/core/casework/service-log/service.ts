import { type ServiceEntry, type ServiceEntryFields } from '../../../shared/casework';
import { AppError } from '../../../shared/errors';
import { todayOf, type CaseworkDeps } from '../deps';
import type { OfficeService } from '../offices/service';
import { createServiceLogRepository, type NewServiceEntry } from './repository';

/**
 * The services log: every service a desk gives, counted for the donors' reports. A service is
 * logged for a known client, at an office, on a day that has already come.
 */
export function createServiceLog(
  deps: CaseworkDeps,
  offices: OfficeService,
  /** Runs in the same transaction after a service is logged (e.g. marks the day's appointment attended). */
  afterLog: (entry: NewServiceEntry) => void = () => {},
) {
  const { db, clock, clients } = deps;
  const repository = createServiceLogRepository(db);

  function mustGet(id: string): ServiceEntry {
    const entry = repository.get(id);
    if (!entry) throw new AppError('NOT_FOUND', 'No service with that id (it may have been taken back).');
    return entry;
  }

  return {
    log(input: ServiceEntryFields): ServiceEntry {
      const today = todayOf(deps);
      const servedOn = input.servedOn ?? today;
      if (servedOn > today) {
        throw new AppError('VALIDATION', 'A service can only be logged for today or an earlier day.', {
          fields: { servedOn: 'In the future' },
        });
      }
      const id = db
        .transaction(() => {
          clients.get(input.clientId); // NOT_FOUND for an unknown or removed client
          const entry: NewServiceEntry = {
            clientId: input.clientId,
            officeId: offices.resolve(input.officeId).id,
            kind: input.kind,
            servedOn,
            durationMinutes: input.durationMinutes,
            note: input.note,
            counsellor: input.counsellor ?? deps.actor(),
          };
          const newId = repository.insert(entry, clock().toISOString());
          afterLog(entry);
          return newId;
        })
        .immediate();
      return mustGet(id);
    },

    list(clientId: string, limit: number): { items: ServiceEntry[]; total: number } {
      return { items: repository.listForClient(clientId, limit), total: repository.countForClient(clientId) };
    },

    remove(id: string): { id: string } {
      const removed = db.transaction(() => repository.softDelete(id, clock().toISOString())).immediate();
      if (!removed) throw new AppError('NOT_FOUND', 'No service with that id (it may have been taken back).');
      return { id };
    },
  };
}

export type ServiceLog = ReturnType<typeof createServiceLog>;
