import type { OfficeProfile, OfficeProfileFields } from '../../shared/contract/office';
import { AppError } from '../../shared/errors';
import { localDate } from '../casework/dates';
import type { CoreContext } from '../context';
import { createMunicipalityCodes } from '../packets/schedule';
import { createSettingStore } from '../security/settings';

/** Where a code entered with the profile says it came from (Settings → municipality codes shows it). */
const CODE_SOURCE =
  'Entered by the office admin with the office profile (Treasury list of municipality codes)';

/** The office settings this area owns, in the `settings` table beside the security ones. */
const KEY = {
  municipality: 'office.municipality',
  packetScript: 'office.packetScript',
  /** `pending` from first-run setup until the wizard's last step; `finished` after. */
  setup: 'office.setup',
} as const;

/**
 * The office profile. Name and city are this office's row in casework's offices, not a copy:
 * whatever prints the office (consent form, referral slip, dashboard, reports) prints the
 * profile. A missing municipality code is entered as a new version in the same municipality
 * codes the Settings fee screen edits. Everything is saved in one transaction or not at all.
 */
export function createOfficeProfile(ctx: Pick<CoreContext, 'db' | 'clock' | 'casework'>) {
  const { db, clock } = ctx;
  const { offices } = ctx.casework;
  const codes = createMunicipalityCodes(db, clock);
  const settings = createSettingStore(db, clock);
  const today = () => localDate(clock());
  const municipalityNamed = (name: string) => codes.named(name, today());

  function read(): OfficeProfile {
    const office = offices.thisOffice();
    const municipality = settings.get(KEY.municipality);
    const script = settings.get(KEY.packetScript);
    return {
      name: office.name,
      city: office.city,
      municipality: municipality ? municipalityNamed(municipality) : null,
      packetScript: script === 'latn' ? 'latn' : 'cyrl',
      setupPending: settings.get(KEY.setup) === 'pending',
    };
  }

  function save(fields: OfficeProfileFields): void {
    db.transaction(() => {
      const municipality = municipalityNamed(fields.municipality);
      if (!municipality) {
        throw new AppError('VALIDATION', `"${fields.municipality}" is not in the municipality codes.`, {
          fields: { 'office.municipality': 'Not in the municipality list' },
        });
      }
      const entered = fields.municipalityCode;
      if (entered && municipality.code && entered !== municipality.code) {
        throw new AppError(
          'VALIDATION',
          `${municipality.name} already has the code ${municipality.code}; a correction is a new version in Settings → municipality codes.`,
          { fields: { 'office.municipalityCode': 'Already has a code' } },
        );
      }
      if (entered && !municipality.code) {
        codes.save({
          name: municipality.name,
          nameCyrl: municipality.nameCyrl,
          city: municipality.city,
          code: entered,
          effectiveFrom: today(),
          source: CODE_SOURCE,
          verify: false,
        });
      }
      const office = offices.thisOffice();
      offices.save(office.id, {
        name: fields.name,
        city: fields.city,
        hotspotWeekday: office.hotspotWeekday,
      });
      settings.set(KEY.municipality, municipality.name);
      settings.set(KEY.packetScript, fields.packetScript);
    }).immediate();
  }

  return {
    read,
    save,
    /** First-run setup with the wizard: the steps after the account are still to come. */
    markSetupPending: () => void settings.set(KEY.setup, 'pending'),
    finishSetup: () => void settings.set(KEY.setup, 'finished'),
  };
}

export type OfficeProfileStore = ReturnType<typeof createOfficeProfile>;
