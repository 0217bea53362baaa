import {
  consentStatusOn,
  type ConsentMethod,
  type ConsentPurpose,
  type ConsentRecord,
  type ConsentRecordFields,
} from '../../shared/consent';
import { AppError } from '../../shared/errors';
import { localDate } from '../casework/dates';
import { nextTimestamp } from '../casework/deps';
import type { ClientService } from '../clients/service';
import type { Db } from '../db/open';
import { createConsentRepository, type ConsentRow } from './repository';

export interface ConsentDeps {
  db: Db;
  clock: () => Date;
  clients: ClientService;
  /** Who records the consent (the signed-in counsellor). */
  actor: () => string;
}

function recordOf(row: ConsentRow, today: string): ConsentRecord {
  const consent = {
    givenOn: row.given_on,
    expiresOn: row.expires_on,
    withdrawnOn: row.withdrawn_on,
  };
  return {
    id: row.id,
    clientId: row.client_id,
    purpose: row.purpose,
    partner:
      row.partner_id === null
        ? null
        : { id: row.partner_id, name: row.partner_name ?? '', city: row.partner_city ?? '' },
    ...consent,
    method: row.method,
    withdrawnNote: row.withdrawn_note,
    recordedBy: row.recorded_by,
    status: consentStatusOn(consent, today),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/**
 * The consent register: recording, withdrawing and asking whether a consent holds on a day.
 * Sharing a client's data with a partner (the referral slip) is allowed only while a sharing
 * consent for that partner holds.
 */
export function createConsentService(deps: ConsentDeps) {
  const { db, clock, clients } = deps;
  const repository = createConsentRepository(db);
  const today = () => localDate(clock());

  function mustGet(id: string): ConsentRecord {
    const row = repository.get(id);
    if (!row) throw new AppError('NOT_FOUND', 'No consent with that id.');
    return recordOf(row, today());
  }

  function record(fields: ConsentRecordFields): ConsentRecord {
    if (fields.givenOn > today()) {
      throw new AppError('VALIDATION', 'Consent cannot be dated in the future.', {
        fields: { givenOn: 'In the future' },
      });
    }
    const id = db
      .transaction(() => {
        clients.get(fields.clientId);
        if (fields.partnerId !== null && !repository.isPartnerLive(fields.partnerId)) {
          throw new AppError(
            'NOT_FOUND',
            'That partner is not in the directory (it may have been removed).',
            {
              fields: { partnerId: 'Unknown partner' },
            },
          );
        }
        return repository.insert({ ...fields, recordedBy: deps.actor() }, clock().toISOString());
      })
      .immediate();
    return mustGet(id);
  }

  function withdraw(input: { id: string; withdrawnOn: string | null; note: string | null }): ConsentRecord {
    db.transaction(() => {
      const current = mustGet(input.id);
      if (current.withdrawnOn !== null) {
        throw new AppError('NOT_ALLOWED', `This consent was already withdrawn on ${current.withdrawnOn}.`, {
          detail: { reason: 'consent_withdrawn' },
        });
      }
      const withdrawnOn = input.withdrawnOn ?? today();
      if (withdrawnOn > today() || withdrawnOn < current.givenOn) {
        throw new AppError(
          'VALIDATION',
          'A withdrawal is dated between the day consent was given and today.',
          {
            fields: { withdrawnOn: withdrawnOn > today() ? 'In the future' : 'Before consent was given' },
          },
        );
      }
      repository.withdraw(current.id, withdrawnOn, input.note, nextTimestamp(clock, current.updatedAt));
    }).immediate();
    return mustGet(input.id);
  }

  /** The consent that holds today for this purpose (and partner), or null. */
  function active(clientId: string, purpose: ConsentPurpose, partnerId: string | null): ConsentRecord | null {
    const day = today();
    return (
      repository
        .forPurpose(clientId, purpose, partnerId)
        .map((row) => recordOf(row, day))
        .find((consent) => consent.status === 'active' && consent.givenOn <= day) ?? null
    );
  }

  return {
    get: mustGet,
    record,
    withdraw,
    active,

    list(clientId: string): ConsentRecord[] {
      clients.get(clientId);
      const day = today();
      return repository.forClient(clientId).map((row) => recordOf(row, day));
    },

    /**
     * The referral form's consent box: ticking it records a sharing consent for the partner unless
     * one already holds; clearing it withdraws the ones that hold. Call inside the referral's
     * transaction.
     */
    setSharingFromReferral(
      clientId: string,
      partnerId: string,
      consent: { given: boolean; how: ConsentMethod; note: string | null },
    ): void {
      if (consent.given) {
        if (active(clientId, 'sharing', partnerId)) return;
        repository.insert(
          {
            clientId,
            purpose: 'sharing',
            partnerId,
            givenOn: today(),
            method: consent.how,
            expiresOn: null,
            recordedBy: deps.actor(),
          },
          clock().toISOString(),
        );
        return;
      }
      const day = today();
      for (const row of repository.forPurpose(clientId, 'sharing', partnerId)) {
        const held = recordOf(row, day);
        if (held.status === 'active' && held.withdrawnOn === null)
          repository.withdraw(held.id, day, consent.note, nextTimestamp(clock, held.updatedAt));
      }
    },
  };
}

export type ConsentService = ReturnType<typeof createConsentService>;
