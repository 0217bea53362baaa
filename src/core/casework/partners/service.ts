import type { Partner, PartnerFields, PartnerKind } from '../../../shared/casework';
import { AppError } from '../../../shared/errors';
import { foldForSearch } from '../../../shared/script';
import type { CaseworkDeps } from '../deps';
import { createPartnerRepository, partnerOf } from './repository';

/** The partners directory per city. Small (hundreds of rows), so text filtering happens here. */
export function createPartnerService({ db, clock }: CaseworkDeps) {
  const repository = createPartnerRepository(db);

  function mustGet(id: string): Partner {
    const row = repository.get(id);
    if (!row)
      throw new AppError('NOT_FOUND', 'No partner with that id.', {
        fields: { partnerId: 'Unknown partner' },
      });
    return partnerOf(row);
  }

  return {
    get: mustGet,
    isLive: repository.isLive,

    /** Live partners, filtered by city, kind and a query matched in either script. */
    list(filter: { city?: string | null; kind?: PartnerKind | null; query: string }) {
      const words = foldForSearch(filter.query).split(' ').filter(Boolean);
      const items = repository
        .list(filter.city ?? null, filter.kind ?? null)
        .filter((row) => {
          if (words.length === 0) return true;
          const haystack = foldForSearch([row.name, row.address ?? '', row.notes ?? '', row.city].join(' '));
          return words.every((word) => haystack.includes(word));
        })
        .map(partnerOf);
      return { items, cities: repository.cities() };
    },

    save(id: string | undefined, fields: PartnerFields): Partner {
      const now = clock().toISOString();
      const savedId = db
        .transaction(() => {
          if (!id) return repository.insert(fields, now);
          if (!repository.update(id, fields, now)) {
            throw new AppError('NOT_FOUND', 'No partner with that id (it may have been removed).');
          }
          return id;
        })
        .immediate();
      return mustGet(savedId);
    },

    remove(id: string): { id: string } {
      const removed = db.transaction(() => repository.softDelete(id, clock().toISOString())).immediate();
      if (!removed) throw new AppError('NOT_FOUND', 'No partner with that id (it may have been removed).');
      return { id };
    },
  };
}

export type PartnerService = ReturnType<typeof createPartnerService>;
