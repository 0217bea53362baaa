import { OfficePacketSettingsInput, type OfficePacketSettings, type OfficePlace } from '../../shared/packets';
import { normalizeAccount } from '../../shared/payment/account';
import { AppError } from '../../shared/errors';
import type { CoreContext } from '../context';
import { createMunicipalityCodes } from '../packets/schedule';
import { createSettingStore } from '../security/settings';
import { localDate } from '../casework/dates';

/**
 * What the office knows about the police and registry offices its clients go to (issue 12): how
 * its police station takes MUP fees (printed slips or eUprava), its police administration and
 * that administration's account for the ID-card production cost, and per municipality served the
 * police station and registry office. Packets pre-fill them; kept as one office setting.
 */
const KEY = 'office.packets';

export const EMPTY_PACKET_SETTINGS: OfficePacketSettings = {
  mupFees: 'slips',
  policeAdministration: null,
  policeAdministrationAccount: null,
  places: [],
};

export function createOfficePacketSettings(ctx: Pick<CoreContext, 'db' | 'clock'>) {
  const { db, clock } = ctx;
  const store = createSettingStore(db, clock);
  const codes = createMunicipalityCodes(db, clock);

  function read(): OfficePacketSettings {
    const text = store.get(KEY);
    if (!text) return EMPTY_PACKET_SETTINGS;
    // Written only by `save` below, so it parses; a damaged value reads as "nothing entered".
    const parsed = OfficePacketSettingsInput.safeParse(JSON.parse(text));
    if (!parsed.success) return EMPTY_PACKET_SETTINGS;
    return toSettings(parsed.data);
  }

  function save(input: OfficePacketSettingsInput): OfficePacketSettings {
    const parsed = OfficePacketSettingsInput.safeParse(input);
    if (!parsed.success)
      throw new AppError('VALIDATION', parsed.error.issues[0]?.message ?? 'Check the office settings.');
    const today = localDate(clock());
    const fields: Record<string, string> = {};
    const seen = new Set<string>();
    const places: OfficePlace[] = parsed.data.places.map((place, i) => {
      const found = codes.named(place.municipality, today);
      if (!found) fields[`places.${i}.municipality`] = 'Not in the municipality codes';
      else if (seen.has(found.name)) fields[`places.${i}.municipality`] = 'Listed twice';
      if (found) seen.add(found.name);
      const registry = place.registryMunicipality ? codes.named(place.registryMunicipality, today) : null;
      if (place.registryMunicipality && !registry)
        fields[`places.${i}.registryMunicipality`] = 'Not in the municipality codes';
      return {
        ...place,
        municipality: found?.name ?? place.municipality,
        registryMunicipality: registry?.name ?? null,
      };
    });
    if (Object.keys(fields).length > 0)
      throw new AppError('VALIDATION', 'Some municipalities are not in the municipality codes.', { fields });
    const settings = toSettings({ ...parsed.data, places });
    db.transaction(() => store.set(KEY, JSON.stringify(settings))).immediate();
    return settings;
  }

  return {
    read,
    save,
    /** The police station and registry office for a client of `municipality` (a codes row name). */
    placeFor(municipality: string | null): OfficePlace | null {
      if (!municipality) return null;
      return read().places.find((place) => place.municipality === municipality) ?? null;
    },
  };
}

function toSettings(fields: ReturnType<typeof OfficePacketSettingsInput.parse>): OfficePacketSettings {
  return {
    mupFees: fields.mupFees,
    policeAdministration: fields.policeAdministration,
    policeAdministrationAccount: fields.policeAdministrationAccount
      ? normalizeAccount(fields.policeAdministrationAccount)
      : null,
    places: fields.places,
  };
}

export type OfficePacketSettingsStore = ReturnType<typeof createOfficePacketSettings>;
