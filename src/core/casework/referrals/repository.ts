import type { Consent, Referral, ReferralOutcome, ReferralStatus } from '../../../shared/casework';
import type { ConsentMethod } from '../../../shared/consent';
import type { Db } from '../../db/open';
import { uuidv7 } from '../../ids';
import { partnerOf, type PartnerRow } from '../partners/repository';

interface ReferralRow {
  id: string;
  client_id: string;
  partner_id: string;
  office_id: string;
  reference_code: string;
  reason: string;
  referred_on: string;
  counsellor: string;
  consent_given: 0 | 1;
  consent_how: ConsentMethod | null;
  consent_note: string | null;
  consent_recorded_at: string | null;
  status: ReferralStatus;
  outcome: ReferralOutcome | null;
  outcome_note: string | null;
  closed_on: string | null;
  slip_printed_at: string | null;
  created_at: string;
  updated_at: string;
}

type JoinedRow = ReferralRow & { [K in keyof PartnerRow as `partner_${K & string}`]: PartnerRow[K] };

const PARTNER_COLUMNS = `p.id AS partner_id, p.city AS partner_city, p.kind AS partner_kind, p.name AS partner_name,
  p.address AS partner_address, p.contact AS partner_contact, p.notes AS partner_notes,
  p.is_example AS partner_is_example, p.updated_at AS partner_updated_at`;

function referralOf(row: JoinedRow): Referral {
  return {
    id: row.id,
    clientId: row.client_id,
    officeId: row.office_id,
    partner: partnerOf({
      id: row.partner_id,
      city: row.partner_city,
      kind: row.partner_kind,
      name: row.partner_name,
      address: row.partner_address,
      contact: row.partner_contact,
      notes: row.partner_notes,
      is_example: row.partner_is_example,
      updated_at: row.partner_updated_at,
    }),
    referenceCode: row.reference_code,
    reason: row.reason,
    referredOn: row.referred_on,
    counsellor: row.counsellor,
    consent: {
      given: row.consent_given === 1,
      how: row.consent_how,
      note: row.consent_note,
      recordedAt: row.consent_recorded_at,
    },
    status: row.status,
    outcome: row.outcome,
    outcomeNote: row.outcome_note,
    closedOn: row.closed_on,
    slipPrintedAt: row.slip_printed_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export interface NewReferral {
  clientId: string;
  partnerId: string;
  officeId: string;
  referenceCode: string;
  reason: string;
  referredOn: string;
  counsellor: string;
  consent: Consent;
}

/** The only place that knows how referrals are stored. */
export function createReferralRepository(db: Db) {
  const select = `SELECT r.*, ${PARTNER_COLUMNS} FROM referrals r JOIN partners p ON p.id = r.partner_id`;
  const byId = db.prepare<[string], JoinedRow>(`${select} WHERE r.id = ? AND r.deleted_at IS NULL`);
  const byClient = db.prepare<[string], JoinedRow>(
    `${select} WHERE r.client_id = ? AND r.deleted_at IS NULL ORDER BY r.referred_on DESC, r.created_at DESC`,
  );
  const codeTaken = db.prepare<[string], { n: number }>(
    'SELECT count(*) AS n FROM referrals WHERE reference_code = ?',
  );
  const insert = db.prepare(
    `INSERT INTO referrals (id, client_id, partner_id, office_id, reference_code, reason, referred_on, counsellor,
       consent_given, consent_how, consent_note, consent_recorded_at, status, created_at, updated_at)
     VALUES (@id, @clientId, @partnerId, @officeId, @referenceCode, @reason, @referredOn, @counsellor,
       @consentGiven, @consentHow, @consentNote, @consentRecordedAt, 'sent', @now, @now)`,
  );
  const setConsent = db.prepare(
    `UPDATE referrals SET consent_given = @given, consent_how = @how, consent_note = @note,
       consent_recorded_at = @recordedAt, updated_at = @now WHERE id = @id`,
  );
  const setStatus = db.prepare(
    `UPDATE referrals SET status = @status, outcome = @outcome, outcome_note = @outcomeNote, closed_on = @closedOn,
       updated_at = @now WHERE id = @id`,
  );
  const setSlipPrinted = db.prepare(
    'UPDATE referrals SET slip_printed_at = @printedAt, updated_at = @now WHERE id = @id',
  );

  return {
    get: (id: string): Referral | null => {
      const row = byId.get(id);
      return row ? referralOf(row) : null;
    },
    forClient: (clientId: string): Referral[] => byClient.all(clientId).map(referralOf),
    isCodeTaken: (code: string): boolean => (codeTaken.get(code)?.n ?? 0) > 0,
    insert(referral: NewReferral, now: string): string {
      const id = uuidv7();
      insert.run({
        ...referral,
        id,
        now,
        consentGiven: Number(referral.consent.given),
        consentHow: referral.consent.how,
        consentNote: referral.consent.note,
        consentRecordedAt: referral.consent.recordedAt,
      });
      return id;
    },
    setConsent: (id: string, consent: Consent, now: string) => {
      setConsent.run({ ...consent, given: Number(consent.given), id, now });
    },
    setStatus(
      id: string,
      change: {
        status: ReferralStatus;
        outcome: ReferralOutcome | null;
        outcomeNote: string | null;
        closedOn: string | null;
      },
      now: string,
    ) {
      setStatus.run({ ...change, id, now });
    },
    markSlipPrinted: (id: string, printedAt: string, now: string) => {
      setSlipPrinted.run({ id, printedAt, now });
    },
  };
}
