/** Casework entries in an export, for telling the person at the desk what went into it. */
export function casesIn(json: string): number {
  const data = JSON.parse(json) as Record<string, unknown>;
  return ['services', 'procedures', 'referrals', 'appointments']
    .map((part) => (Array.isArray(data[part]) ? (data[part] as unknown[]).length : 0))
    .reduce((a, b) => a + b, 0);
}
