import type { ConsentMethod, ConsentPurpose } from '../../shared/consent';
import type { Db } from '../db/open';
import { uuidv7 } from '../ids';

export interface ConsentRow {
  id: string;
  client_id: string;
  purpose: ConsentPurpose;
  partner_id: string | null;
  partner_name: string | null;
  partner_city: string | null;
  given_on: string;
  method: ConsentMethod;
  expires_on: string | null;
  withdrawn_on: string | null;
  withdrawn_note: string | null;
  recorded_by: string;
  created_at: string;
  updated_at: string;
}

export interface NewConsent {
  clientId: string;
  purpose: ConsentPurpose;
  partnerId: string | null;
  givenOn: string;
  method: ConsentMethod;
  expiresOn: string | null;
  recordedBy: string;
}

/** The only place that knows how consents are stored. */
export function createConsentRepository(db: Db) {
  const select = `SELECT c.*, p.name AS partner_name, p.city AS partner_city
    FROM consents c LEFT JOIN partners p ON p.id = c.partner_id`;
  const byId = db.prepare<[string], ConsentRow>(`${select} WHERE c.id = ? AND c.deleted_at IS NULL`);
  const byClient = db.prepare<[string], ConsentRow>(
    `${select} WHERE c.client_id = ? AND c.deleted_at IS NULL ORDER BY c.given_on DESC, c.created_at DESC`,
  );
  const forPurpose = db.prepare<[string, string, string | null], ConsentRow>(
    `${select} WHERE c.client_id = ? AND c.purpose = ? AND c.partner_id IS ? AND c.deleted_at IS NULL`,
  );
  const partnerLive = db.prepare<[string], { n: number }>(
    'SELECT count(*) AS n FROM partners WHERE id = ? AND deleted_at IS NULL',
  );
  const insert = db.prepare(
    `INSERT INTO consents (id, client_id, purpose, partner_id, given_on, method, expires_on, recorded_by,
       created_at, updated_at)
     VALUES (@id, @clientId, @purpose, @partnerId, @givenOn, @method, @expiresOn, @recordedBy, @now, @now)`,
  );
  const withdraw = db.prepare(
    `UPDATE consents SET withdrawn_on = @withdrawnOn, withdrawn_note = @note, updated_at = @now
     WHERE id = @id AND withdrawn_on IS NULL`,
  );

  return {
    get: (id: string): ConsentRow | null => byId.get(id) ?? null,
    forClient: (clientId: string): ConsentRow[] => byClient.all(clientId),
    /** Every consent (any status) of a client for one purpose and partner. */
    forPurpose: (clientId: string, purpose: ConsentPurpose, partnerId: string | null): ConsentRow[] =>
      forPurpose.all(clientId, purpose, partnerId),
    isPartnerLive: (partnerId: string): boolean => (partnerLive.get(partnerId)?.n ?? 0) > 0,
    insert(consent: NewConsent, now: string): string {
      const id = uuidv7();
      insert.run({ ...consent, id, now });
      return id;
    },
    withdraw: (id: string, withdrawnOn: string, note: string | null, now: string) => {
      withdraw.run({ id, withdrawnOn, note, now });
    },
  };
}
