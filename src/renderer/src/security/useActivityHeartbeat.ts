import { useEffect, useRef } from 'react';
import type { SessionStatus } from '../../../shared/contract/security';
import { api } from '../api';

/** The core hears of typing and clicking at most this often. */
const HEARTBEAT_EVERY_MS = 60_000;

/**
 * Typing a long form makes no calls, so the core would see an idle desk and lock. While `active`,
 * key presses and pointer presses send `session.heartbeat`: at once when none went out in the
 * last minute, otherwise once at the end of that minute, so the last activity is never lost.
 */
export function useActivityHeartbeat(active: boolean, onStatus: (status: SessionStatus) => void): void {
  const onStatusRef = useRef(onStatus);
  useEffect(() => {
    onStatusRef.current = onStatus;
  });

  useEffect(() => {
    if (!active) return;
    let lastSent = 0;
    let trailing: ReturnType<typeof setTimeout> | null = null;

    const send = () => {
      lastSent = Date.now();
      trailing = null;
      // A failed heartbeat changes nothing: the next call or the status poll tells the truth.
      api.call('session.heartbeat', {}).then(
        (status) => onStatusRef.current(status),
        () => {},
      );
    };
    const onActivity = () => {
      const wait = lastSent + HEARTBEAT_EVERY_MS - Date.now();
      if (wait <= 0) send();
      else trailing ??= setTimeout(send, wait);
    };

    window.addEventListener('keydown', onActivity, { capture: true, passive: true });
    window.addEventListener('pointerdown', onActivity, { capture: true, passive: true });
    return () => {
      window.removeEventListener('keydown', onActivity, { capture: true });
      window.removeEventListener('pointerdown', onActivity, { capture: true });
      if (trailing) clearTimeout(trailing);
    };
  }, [active]);
}
