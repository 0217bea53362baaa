import type { Client, ClientFields } from '../../shared/client';
import { AppError } from '../../shared/errors';
import { checkJmbg, jmbgMismatches } from '../../shared/jmbg';
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

  /**
   * The JMBG rules: a valid JMBG fills what the person left blank and must agree with what they
   * typed; an invalid one needs a reason; no two live clients share one. Throws AppError.
   */
  function applyRules(
    input: ClientFields,
    selfId: string | null,
  ): Pick<StoredClient, 'fields' | 'jmbgValid'> {
    const fields: ClientFields = { ...input };
    let jmbgValid: boolean | null = null;
    if (fields.jmbg) {
      const check = checkJmbg(fields.jmbg, clock());
      const problems: string[] = [];
      if (!check.valid) problems.push(check.message);
      else {
        fields.birthDate ??= check.birthDate;
        fields.sex ??= check.sex;
        for (const mismatch of jmbgMismatches(check, fields))
          problems.push(
            mismatch.field === 'birthDate'
              ? `The JMBG gives birth date ${mismatch.fromJmbg}, the record says ${mismatch.inForm}`
              : `The JMBG gives sex ${mismatch.fromJmbg}, the record says ${mismatch.inForm}`,
          );
      }
      jmbgValid = problems.length === 0;
      if (!jmbgValid && !fields.jmbgOverrideReason) {
        throw new AppError(
          'JMBG_INVALID',
          `${problems.join('; ')}. Correct it, or give a reason to keep it as written.`,
          {
            fields: { jmbg: problems.join('; ') },
            detail: { problems },
          },
        );
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
    return { fields, jmbgValid };
  }

  /** What is derived from the names alone: pure, so a bulk insert computes it outside its transaction. */
  function derivedNames(fields: ClientFields): Pick<StoredClient, 'nameScript' | 'searchKey'> {
    const nameScript = nameScriptOf(fields);
    return { nameScript, searchKey: searchKeyOf(namesInScripts(fields, nameScript, fields.nameOverrides)) };
  }

  /** Applies the rules and derives what is stored beside the typed fields. */
  function prepare(
    input: ClientFields,
    selfId: string | null,
    names: Pick<StoredClient, 'nameScript' | 'searchKey'> = derivedNames(input),
  ): StoredClient {
    const { fields, jmbgValid } = applyRules(input, selfId);
    return { fields, jmbgValid, phoneDigits: phoneDigits(fields.phone), ...names };
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
          throw new AppError(
            'CONFLICT',
            'Someone changed this record after you opened it. Reload it and apply your change again.',
            {
              detail: { updatedAt: current.updatedAt },
            },
          );
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
      const names = inputs.map(derivedNames);
      const now = clock().toISOString();
      return db
        .transaction(() => {
          // Rows of this batch are not in the table until the bulk insert, so repeats among them are caught here.
          const batchJmbgs = new Set<string>();
          const stored = inputs.map((input, i) => {
            const one = prepare(input, null, names[i]);
            const jmbg = one.fields.jmbg;
            if (jmbg && batchJmbgs.has(jmbg)) {
              throw new AppError(
                'DUPLICATE_JMBG',
                `Two of the new clients have JMBG ${jmbg}; keep one of them.`,
                {
                  fields: { jmbg: 'Another new client has this JMBG' },
                },
              );
            }
            if (jmbg) batchJmbgs.add(jmbg);
            return one;
          });
          return repository.insertMany(stored, now);
        })
        .immediate();
    },

    /** Runs the rules without writing: the problems an import's dry run reports. */
    check(input: ClientFields): void {
      applyRules(input, null);
    },

    /** Every live client, oldest first, one at a time (for an export). */
    iterateLive: repository.iterateLive,

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
