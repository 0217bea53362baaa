import { useCallback, useEffect, useState } from 'react';
import type { SyncRunResult, SyncStatus } from '../../../shared/contract/sync';
import { api } from '../api';

/** While a sync runs, its progress is read this often. */
const POLL_MS = 500;

/**
 * The sync status, read when asked (`refresh`) and polled while a sync runs, and `run` to start
 * one. `sync.run` answers once at the end; the progress comes from `sync.status` meanwhile.
 */
export function useSyncStatus() {
  const [status, setStatus] = useState<SyncStatus | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [running, setRunning] = useState(false);
  const [reads, setReads] = useState(0);

  useEffect(() => {
    let current = true;
    const read = () =>
      api.call('sync.status', {}).then(
        (next) => {
          if (!current) return;
          setStatus(next);
          setLoadError(null);
        },
        (error: unknown) => current && setLoadError(error),
      );
    void read();
    const timer = running ? setInterval(() => void read(), POLL_MS) : undefined;
    return () => {
      current = false;
      clearInterval(timer);
    };
  }, [running, reads]);

  const refresh = useCallback(() => setReads((n) => n + 1), []);

  const run = useCallback(async (confirmMassDelete: boolean): Promise<SyncRunResult> => {
    setRunning(true);
    try {
      return await api.call('sync.run', { confirmMassDelete });
    } finally {
      // Turning `running` off reads the status once more (the effect above runs again).
      setRunning(false);
    }
  }, []);

  /** Asks the running sync to stop; it answers (from `run`) with what it completed. */
  const cancel = useCallback(async () => {
    await api.call('sync.cancel', {});
    setReads((n) => n + 1);
  }, []);

  return { status, loadError, running, refresh, run, cancel, reads };
}
