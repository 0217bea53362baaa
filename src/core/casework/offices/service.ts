import type { Office, OfficeFields } from '../../../shared/casework';
import { AppError } from '../../../shared/errors';
import type { CaseworkDeps } from '../deps';
import { createOfficeRepository } from './repository';

/** Offices and which one "this office" is; every casework row belongs to one. */
export function createOfficeService({ db, clock }: CaseworkDeps) {
  const repository = createOfficeRepository(db);

  function mustGet(id: string): Office {
    const office = repository.get(id);
    if (!office)
      throw new AppError('NOT_FOUND', 'No office with that id.', { fields: { officeId: 'Unknown office' } });
    return office;
  }

  function thisOffice(): Office {
    const office = repository.getDefault();
    // The casework migration creates it; only a damaged database lacks it.
    if (!office)
      throw new AppError('INTERNAL', 'This installation has no default office; run the database check.');
    return office;
  }

  return {
    list: repository.list,
    get: mustGet,
    thisOffice,

    /** The office a call names, or this office when it names none. */
    resolve: (id: string | null): Office => (id ? mustGet(id) : thisOffice()),

    save(id: string | undefined, fields: OfficeFields): Office {
      const now = clock().toISOString();
      const savedId = db
        .transaction(() => {
          if (!id) return repository.insert(fields, now);
          if (!repository.update(id, fields, now)) mustGet(id);
          return id;
        })
        .immediate();
      return mustGet(savedId);
    },
  };
}

export type OfficeService = ReturnType<typeof createOfficeService>;
