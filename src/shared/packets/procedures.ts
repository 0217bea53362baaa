import { z } from 'zod';
import type { ProcedureKind } from '../casework/procedures';

/**
 * The packet vocabulary every other file here uses: which procedures a desk prints packets for
 * and the variants a template's `when` and the counsellor's options choose between.
 */

/** The procedures a desk prints packets for. */
export const PacketProcedure = z.enum(['residence', 'id-card', 'health']);
export type PacketProcedure = z.infer<typeof PacketProcedure>;

/** The casework procedure a packet is printed for: printing it advances that procedure. */
export const PROCEDURE_OF_PACKET: Readonly<Record<PacketProcedure, ProcedureKind>> = {
  residence: 'residence_registration',
  'id-card': 'id_card',
  health: 'health_insurance',
};

/** The ground on which RFZO insures a person a desk helps (DOMAIN.md §2.3). */
export const HealthBasis = z.enum(['unemployed', 'roma-no-residence', 'vulnerable']);
export type HealthBasis = z.infer<typeof HealthBasis>;

/** Registering at a dwelling (with its owner's consent) or, without one, at the Centre for Social Work. */
export const ResidenceVariant = z.enum(['dwelling', 'csr']);
export type ResidenceVariant = z.infer<typeof ResidenceVariant>;

/**
 * Why an extract or certificate is requested. For health or social protection it is free of the
 * republic fee (OFFICIAL-FACTS.md, "Exempt by purpose"): the request says so and no slip prints.
 */
export const RegistryPurpose = z.enum(['id-card', 'health-protection', 'social-protection']);
export type RegistryPurpose = z.infer<typeof RegistryPurpose>;

/** How the office's police station takes MUP fees: the app's printed slips, or slips made on eUprava. */
export const MupFeeChannel = z.enum(['slips', 'euprava']);
export type MupFeeChannel = z.infer<typeof MupFeeChannel>;

/** Who prints when the core knows no user (the name the packet log falls back to). */
export const DEFAULT_PRINTED_BY = 'desk';
