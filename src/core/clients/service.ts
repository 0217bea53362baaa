import type { Client, ClientFields } from '../../shared/client';
import { AppError } from '../../shared/errors';
import { checkJmbg } from '../../shared/jmbg';
import type { Db } from '../db/open';
import { nameScriptOf, namesInScripts, phoneDigits, searchKeyOf } from './names';
import { createClientRepository, type StoredRecord, type StoredClient } from './repository';
import { createClientSearch } from './search';

/**
 * The client registry's rules: JMBG checks and what they fill in, duplicates by JMBG, names in
 * two scripts, optimistic concurrency. Input has already passed the contract's schema.
 */
export function createClientService(db: Db, clock: () => Date = () => new Date()) {
  const repository = createClientRepository(db);
  const searcher = createClientSearch(db);

  function withNames(record: StoredRecord): Client {
    return {
      ...record,
      names: namesInScripts(record, record.nameScript, record.nameOverrides),
    };
  }

  /** Applies the JMBG rules and derives what is stored beside the typed fields. */
  function prepare(input: ClientFields, selfId: string | null): StoredClient {
    const fields: ClientFields = { ...input };
    let jmbgValid: boolean | null = null;
    if (fields.jmbg) {
      const check = checkJmbg(fields.jmbg, clock());
      const problems: string[] = [];
      if (!check.valid) problems.push(check.message);
      else {
        // A valid JMBG fills what the person left blank and must agree with what they typed.
        fields.birthDate ??= check.birthDate;
        fields.sex ??= check.sex;
        if (fields.birthDate !== check.birthDate)
          problems.push(`The JMBG gives birth date ${check.birthDate}, the record says ${fields.birthDate}`);
        if (fields.sex !== check.sex)
          problems.push(`The JMBG gives sex ${check.sex}, the record says ${fields.sex}`);
      }
      jmbgValid = problems.length === 0;
      if (!jmbgValid && !fields.jmbgOverrideReason) {
        throw new AppError('JMBG_INVALID', `${problems.join('; ')}. Correct it, or give a reason to keep it as written.`, {
          fields: { jmbg: problems.join('; ') },
          detail: { problems },
        });
      }
      if (jmbgValid) fields.jmbgOverrideReason = null;

      const others = repository.liveWithJmbg(fields.jmbg).filter((row) => row.id !== selfId);
      const existing = others[0];
      if (existing) {
        throw new AppError(
          'DUPLICATE_JMBG',
          `${existing.surname} ${existing.given_name} already has JMBG ${fields.jmbg}; open that record instead.`,
          { fields: { jmbg: 'Another client has this JMBG' }, detail: { existingId: existing.id } },
        );
      }
    } else {
      fields.jmbgOverrideReason = null;
    }
    const nameScript = nameScriptOf(fields);
    const names = namesInScripts(fields, nameScript, fields.nameOverrides);
    return { fields, nameScript, jmbgValid, phoneDigits: phoneDigits(fields.phone), searchKey: searchKeyOf(names) };
  }

  function mustGet(id: string): Client {
    const record = repository.get(id);
    if (!record) throw new AppError('NOT_FOUND', 'No client with that id (it may have been removed).');
    return withNames(record);
  }

  return {
    get: mustGet,

    create(input: ClientFields): Client {
      const id = db
        .transaction(() => repository.insert(prepare(input, null), clock().toISOString()))
        .immediate();
      return mustGet(id);
    },

    update(id: string, input: ClientFields, expectedUpdatedAt?: string): Client {
      db.transaction(() => {
        const current = mustGet(id);
        if (expectedUpdatedAt && current.updatedAt !== expectedUpdatedAt) {
          throw new AppError('CONFLICT', 'Someone changed this record after you opened it. Reload it and apply your change again.', {
            detail: { updatedAt: current.updatedAt },
          });
        }
        repository.update(id, prepare(input, id), nextTimestamp(current.updatedAt));
      }).immediate();
      return mustGet(id);
    },

    /**
     * Records many clients in one transaction: all or none (an import's commit). Each input goes
     * through the same rules as `create`; the first failure rolls everything back.
     */
    createMany(inputs: ClientFields[]): string[] {
      const now = clock().toISOString();
      return db.transaction(() => inputs.map((input) => repository.insert(prepare(input, null), now))).immediate();
    },

    /** Runs the rules without writing: the problems an import's dry run reports. */
    check(input: ClientFields): void {
      prepare(input, null);
    },

    remove(id: string): { id: string } {
      const removed = db.transaction(() => repository.softDelete(id, clock().toISOString())).immediate();
      if (!removed) throw new AppError('NOT_FOUND', 'No client with that id (it may have been removed).');
      return { id };
    },

    search: searcher.search,
    countLive: repository.countLive,
  };

  /** A new `updatedAt` that is always later than the last one, so a stale form is always caught. */
  function nextTimestamp(previous: string): string {
    const now = clock().toISOString();
    return now > previous ? now : new Date(Date.parse(previous) + 1).toISOString();
  }
}

export type ClientService = ReturnType<typeof createClientService>;
