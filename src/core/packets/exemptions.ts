import type { Phrases } from './resources';
import type { ResolvedOptions } from './snapshot';

/**
 * Fees the law exempts for this packet, with the legal wording printed instead of a slip
 * (OFFICIAL-FACTS.md): a newborn's residence registration (Tar. br. 1, note 9), and extracts and
 * certificates requested for health or social protection, where the request states the purpose.
 * Nothing else is exempt without a basis: an extract for an ID card is not.
 */
export function exemptionOf(feeKey: string, options: ResolvedOptions, phrases: Phrases): string | null {
  const say = (key: string) => phrases.texts[key] ?? null;
  if (feeKey === 'residence-registration' && options.newborn) return say('exempt.newborn');
  const registryFee = feeKey === 'birth-extract' || feeKey === 'citizenship-certificate';
  if (registryFee && options.registryPurpose === 'health-protection') return say('exempt.health-protection');
  if (registryFee && options.registryPurpose === 'social-protection') return say('exempt.social-protection');
  return null;
}
