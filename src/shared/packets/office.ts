import { z } from 'zod';
import { optionalText } from '../client';
import { OptionalAccount } from './fees';
import { MupFeeChannel } from './procedures';

/** What an office knows about its police and registry offices (Settings → Office, setup). */

/** One municipality the office serves: the police station and registry office its residents go to. */
export const OfficePlace = z
  .object({
    /** The municipality's name as in the municipality codes, e.g. `Medijana` or `Palilula (Niš)`. */
    municipality: z.string().trim().min(1, 'Choose the municipality').max(100),
    policeStation: optionalText(150),
    registryOffice: optionalText(150),
    /** The municipality the registry office is in, when it is not this one (its code goes on the slips). */
    registryMunicipality: optionalText(100),
  })
  .strict();
export type OfficePlace = z.output<typeof OfficePlace>;

export const OfficePacketSettingsInput = z
  .object({
    mupFees: MupFeeChannel.default('slips'),
    /** The police administration of the office's area, e.g. "ПУ за град Ниш". */
    policeAdministration: optionalText(100),
    /** Its Ministry of the Interior account for the ID-card production cost (OFFICIAL-FACTS.md). */
    policeAdministrationAccount: OptionalAccount,
    places: z.array(OfficePlace).max(60).default([]),
  })
  .strict();
export type OfficePacketSettingsInput = z.input<typeof OfficePacketSettingsInput>;

export const OfficePacketSettings = z.object({
  mupFees: MupFeeChannel,
  policeAdministration: z.string().nullable(),
  /** 18 digits, or null until the office enters it. */
  policeAdministrationAccount: z.string().nullable(),
  places: z.array(OfficePlace),
});
export type OfficePacketSettings = z.infer<typeof OfficePacketSettings>;
