import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SyncBehind } from '../../../shared/contract/sync';
import { api } from '../api';
import { formatMoment } from './format';

/**
 * "This computer is behind the centre since …": shown wherever records are read as current
 * (the Sync panel, the dashboard) while the last pull has not reached the end of the centre's
 * log — an interrupted sync, or a PC just enrolled.
 */
export function BehindNotice({ behind }: { behind: SyncBehind }) {
  const { t, i18n } = useTranslation('sync');
  const since = formatMoment(behind.since, i18n.language);
  return (
    <div className="banner notice-warning" role="status" data-testid="sync-behind">
      {behind.total !== null
        ? t('behind.sinceCounts', {
            since,
            have: behind.have.toLocaleString(i18n.language),
            total: behind.total.toLocaleString(i18n.language),
          })
        : t('behind.since', { since })}
    </div>
  );
}

/** The notice read from the sync status once, for pages outside Settings (the dashboard). */
export function SyncBehindNotice() {
  const [behind, setBehind] = useState<SyncBehind | null>(null);
  useEffect(() => {
    let current = true;
    api.call('sync.status', {}).then(
      (status) => current && setBehind(status?.behind ?? null),
      // Without the sync status (no access, an old core) there is nothing to say here.
      () => current && setBehind(null),
    );
    return () => {
      current = false;
    };
  }, []);
  return behind ? <BehindNotice behind={behind} /> : null;
}
