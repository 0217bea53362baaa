import { useCallback, useEffect, useState } from 'react';
import { api } from '../api';

/**
 * Whether the signed-in admin still has wizard steps to finish (the app was closed after the
 * account was made, or "Finish later" was chosen): null while the core is asked, once per
 * sign-in. `dismiss` puts it off until the next sign-in.
 */
export function useSetupPending(adminId: string | null): { pending: boolean | null; dismiss: () => void } {
  const [answer, setAnswer] = useState<{ adminId: string; pending: boolean } | null>(null);
  const [dismissedFor, setDismissedFor] = useState<string | null>(null);
  const [signedIn, setSignedIn] = useState(adminId);
  // A sign-out (or another person) forgets the answer and the putting-off: the next sign-in asks again.
  if (signedIn !== adminId) {
    setSignedIn(adminId);
    setAnswer(null);
    setDismissedFor(null);
  }

  useEffect(() => {
    if (!adminId) return;
    let current = true;
    api.call('office.profile', {}).then(
      (profile) => current && setAnswer({ adminId, pending: profile.setupPending }),
      // Unknown (a lock, a lost link): open the app; Settings offers every step anyway.
      () => current && setAnswer({ adminId, pending: false }),
    );
    return () => {
      current = false;
    };
  }, [adminId]);

  const dismiss = useCallback(() => setDismissedFor(adminId), [adminId]);
  if (!adminId || dismissedFor === adminId) return { pending: false, dismiss };
  return { pending: answer?.adminId === adminId ? answer.pending : null, dismiss };
}
