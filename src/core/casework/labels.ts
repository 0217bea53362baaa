import type { ClientCategory } from '../../shared/client';
import type {
  AgeBand,
  PartnerKind,
  ProcedureKind,
  ReferralOutcome,
  ReportLanguage,
  ServiceKind,
} from '../../shared/casework';
import type { ConsentMethod } from '../../shared/consent';
import { cyrillicStrings, type Strings } from '../../shared/cyrillic-translations';
// The words are the UI's own translation files (src/shared/locales), read as data:
// one source for the words on screen and in the files, so the two cannot drift.
import englishCasework from '../../shared/locales/en/casework.json' with { type: 'json' };
import englishFiles from '../../shared/locales/en/caseworkFiles.json' with { type: 'json' };
import cyrillicCasework from '../../shared/locales/sr-Cyrl/casework.json' with { type: 'json' };
import cyrillicFiles from '../../shared/locales/sr-Cyrl/caseworkFiles.json' with { type: 'json' };
import latinCasework from '../../shared/locales/sr-Latn/casework.json' with { type: 'json' };
import latinFiles from '../../shared/locales/sr-Latn/caseworkFiles.json' with { type: 'json' };

/**
 * The words casework's files (report exports, the referral slip, the privacy PDF) are written in,
 * from the UI's translation files: the enumerations from `locales/<language>/casework.json` (the
 * same words the screens show), the files' own headings from `caseworkFiles.json`. Serbian
 * Cyrillic is made from the Latin as the UI makes it (shared/cyrillic-translations.ts).
 */
export interface Labels {
  serviceKind: Record<ServiceKind, string>;
  category: Record<ClientCategory, string>;
  sex: Record<'M' | 'F' | 'unknown', string>;
  ageBand: Record<AgeBand, string>;
  procedureKind: Record<ProcedureKind, string>;
  partnerKind: Record<PartnerKind, string>;
  outcome: Record<ReferralOutcome | 'pending', string>;
  consentHow: Record<ConsentMethod, string>;
  report: Record<
    | 'title'
    | 'period'
    | 'office'
    | 'allOffices'
    | 'generated'
    | 'services'
    | 'consultations'
    | 'consultationsShort'
    | 'supporting'
    | 'supportingShort'
    | 'total'
    | 'clientsServed'
    | 'proceduresOpened'
    | 'proceduresCompleted'
    | 'referrals'
    | 'byKind'
    | 'byCategory'
    | 'bySex'
    | 'byAgeBand'
    | 'procedures'
    | 'opened'
    | 'completed'
    | 'rejected'
    | 'abandoned'
    | 'referralsByPartner'
    | 'partnerKind'
    | 'outcome'
    | 'count'
    | 'section'
    | 'key'
    | 'label',
    string
  >;
  slip: Record<
    | 'title'
    | 'code'
    | 'to'
    | 'client'
    | 'birthDate'
    | 'phone'
    | 'address'
    | 'reason'
    | 'date'
    | 'counsellor'
    | 'office'
    | 'consent'
    | 'consentText'
    | 'quoteBack'
    | 'counsellorSignature'
    | 'clientSignature'
    | 'returnPart'
    | 'returnIntro'
    | 'outcomeLine'
    | 'partnerSignature'
    | 'example',
    string
  >;
}

type Locale = {
  casework: Pick<
    Labels,
    'serviceKind' | 'category' | 'sex' | 'ageBand' | 'procedureKind' | 'partnerKind' | 'outcome'
  >;
  files: Pick<Labels, 'consentHow' | 'report' | 'slip'>;
};

/** The groups of `Labels` out of one language's two files; the compiler checks every key is there. */
function labelsOf({ casework, files }: Locale): Labels {
  return {
    serviceKind: casework.serviceKind,
    category: casework.category,
    sex: casework.sex,
    ageBand: casework.ageBand,
    procedureKind: casework.procedureKind,
    partnerKind: casework.partnerKind,
    outcome: casework.outcome,
    consentHow: files.consentHow,
    report: files.report,
    slip: files.slip,
  };
}

const SERBIAN = labelsOf({ casework: latinCasework, files: latinFiles });
const ENGLISH = labelsOf({ casework: englishCasework, files: englishFiles });
// cyrillicStrings keeps the Latin's keys, so the Cyrillic has the Latin's shape.
const CYRILLIC = labelsOf({
  casework: cyrillicStrings(latinCasework, cyrillicCasework as Strings) as unknown as Locale['casework'],
  files: cyrillicStrings(latinFiles, cyrillicFiles as Strings) as unknown as Locale['files'],
});

export function labelsFor(language: ReportLanguage): Labels {
  return language === 'en' ? ENGLISH : language === 'sr-Cyrl' ? CYRILLIC : SERBIAN;
}
