import {
  type Consent,
  type FileOut,
  type Referral,
  type ReferralFields,
  type ReferralUpdateFields,
  type ReportLanguage,
} from '../../../shared/casework';
import type { ConsentMethod, ConsentRecord } from '../../../shared/consent';
import { AppError } from '../../../shared/errors';
import { nextTimestamp, todayOf, type CaseworkDeps } from '../deps';
import type { OfficeService } from '../offices/service';
import type { PartnerService } from '../partners/service';
import { renderPdf } from '../pdf';
import { CLIENT_FORM_DOCUMENT, clientFormCodes, pageCodeKeys } from '../../documents/page-code';
import { newReferenceCode } from './reference-code';
import { createReferralRepository } from './repository';
import { referralSlip } from './slip';

const NO_CONSENT: Consent = { given: false, how: null, note: null, recordedAt: null };

/**
 * What referrals ask of the consent register (consent/service.ts), handed in by `createCore`:
 * the register sits above casework (its forms name casework's partners and offices), so
 * casework names only the two questions it asks, not the register itself.
 */
export interface ReferralConsents {
  /** The sharing consent for this partner that holds today, or null. */
  active(clientId: string, purpose: 'sharing', partnerId: string): ConsentRecord | null;
  /** The referral form's consent box, recorded in the register; call inside the referral's transaction. */
  setSharingFromReferral(
    clientId: string,
    partnerId: string,
    consent: { given: boolean; how: ConsentMethod; note: string | null },
  ): void;
}

/**
 * Referrals to partners: the reason, the client's consent to share their data (recorded before
 * any slip is printed), a reference code the partner quotes back, then status and outcome.
 */
export function createReferralService(
  deps: CaseworkDeps,
  offices: OfficeService,
  partners: PartnerService,
  // The consent register decides whether the slip may be printed; the referral keeps the form's box.
  consents: ReferralConsents,
) {
  const { db, clock, clients } = deps;
  const repository = createReferralRepository(db);

  function mustGet(id: string): Referral {
    const referral = repository.get(id);
    if (!referral) throw new AppError('NOT_FOUND', 'No referral with that id.');
    return referral;
  }

  function uniqueCode(): string {
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const code = newReferenceCode();
      if (!repository.isCodeTaken(code)) return code;
    }
    throw new AppError('INTERNAL', 'Could not make a unique referral code; try again.');
  }

  return {
    get: mustGet,

    create(input: ReferralFields): Referral {
      const today = todayOf(deps);
      const referredOn = input.referredOn ?? today;
      if (referredOn > today) {
        throw new AppError('VALIDATION', 'A referral cannot be dated in the future.', {
          fields: { referredOn: 'In the future' },
        });
      }
      const now = clock().toISOString();
      const id = db
        .transaction(() => {
          clients.get(input.clientId);
          if (!partners.isLive(input.partnerId)) {
            throw new AppError(
              'NOT_FOUND',
              'That partner is not in the directory (it may have been removed).',
              {
                fields: { partnerId: 'Unknown partner' },
              },
            );
          }
          if (input.consent) consents.setSharingFromReferral(input.clientId, input.partnerId, input.consent);
          return repository.insert(
            {
              clientId: input.clientId,
              partnerId: input.partnerId,
              officeId: offices.resolve(input.officeId).id,
              referenceCode: uniqueCode(),
              reason: input.reason,
              referredOn,
              counsellor: input.counsellor ?? deps.actor(),
              consent: input.consent ? { ...input.consent, recordedAt: now } : NO_CONSENT,
            },
            now,
          );
        })
        .immediate();
      return mustGet(id);
    },

    update(input: ReferralUpdateFields): Referral {
      db.transaction(() => {
        const current = mustGet(input.id);
        const now = nextTimestamp(clock, current.updatedAt);
        if (input.consent) {
          repository.setConsent(current.id, { ...input.consent, recordedAt: clock().toISOString() }, now);
          consents.setSharingFromReferral(current.clientId, current.partner.id, input.consent);
        }

        const wantsChange =
          input.status !== undefined || input.outcome != null || input.outcomeNote !== undefined;
        if (!wantsChange) return;
        const status = input.status ?? (input.outcome != null ? 'closed' : current.status);
        if (current.status === 'closed' && status !== 'closed') {
          throw new AppError(
            'NOT_ALLOWED',
            'This referral is closed; make a new referral instead of reopening it.',
            {
              detail: { reason: 'referral_closed' },
            },
          );
        }
        const outcome = status === 'closed' ? (input.outcome ?? current.outcome) : null;
        if (status === 'closed' && outcome === null) {
          throw new AppError('VALIDATION', 'Say what came of the referral to close it.', {
            fields: { outcome: 'Required' },
          });
        }
        if (status !== 'closed' && input.outcome != null) {
          throw new AppError('VALIDATION', 'An outcome is recorded when the referral is closed.', {
            fields: { outcome: 'Only when closing' },
          });
        }
        repository.setStatus(
          current.id,
          {
            status,
            outcome,
            outcomeNote: input.outcomeNote === undefined ? current.outcomeNote : input.outcomeNote,
            closedOn: status === 'closed' ? (current.closedOn ?? todayOf(deps)) : null,
          },
          now,
        );
      }).immediate();
      return mustGet(input.id);
    },

    list(clientId: string): Referral[] {
      clients.get(clientId);
      return repository.forClient(clientId);
    },

    /**
     * The slip as a PDF, in the client's preferred script unless a language is asked for. Sharing
     * needs a sharing consent for the partner holding today, unless an admin overrides (the caller
     * checks the role; the audit trail keeps the reason).
     */
    async slip(
      id: string,
      language: ReportLanguage | null,
      override: { reason: string } | null,
    ): Promise<FileOut> {
      const referral = mustGet(id);
      const held = consents.active(referral.clientId, 'sharing', referral.partner.id);
      if (!held && !override) {
        throw new AppError(
          'NOT_ALLOWED',
          "Record the client's consent to share their data with the partner before printing the slip.",
          { detail: { reason: 'consent' } },
        );
      }
      const client = clients.get(referral.clientId);
      const chosen = language ?? (client.preferredScript === 'latn' ? 'sr-Latn' : 'sr-Cyrl');
      // The slip states the consent on record (none when an admin overrode).
      const consent: Consent = !held
        ? NO_CONSENT
        : referral.consent.given
          ? referral.consent
          : {
              given: true,
              how: held.method,
              note: null,
              recordedAt: held.givenOn,
            };
      const pdf = await renderPdf(
        referralSlip({ ...referral, consent }, client, offices.get(referral.officeId), chosen),
        // A slip signed and scanned back files itself on the client and referral (documents/scan-in.ts).
        clientFormCodes(pageCodeKeys(db, clock), id, CLIENT_FORM_DOCUMENT.referralSlip),
      );
      db.transaction(() =>
        repository.markSlipPrinted(id, clock().toISOString(), nextTimestamp(clock, referral.updatedAt)),
      ).immediate();
      return {
        fileName: `${referral.referenceCode}.pdf`,
        mimeType: 'application/pdf',
        contentBase64: pdf.toString('base64'),
      };
    },
  };
}

export type ReferralService = ReturnType<typeof createReferralService>;
