import { useState } from 'react';

export interface Action<A extends unknown[]> {
  /** True from `run` until its work settles (after a success too, with `holdAfterSuccess`). */
  busy: boolean;
  /** Does the work with `busy` set. A failure goes to `onFailure`; without one, `run` rejects with it. */
  run: (...args: A) => Promise<void>;
}

export interface ActionOptions {
  /** What the page does with a failure: a banner, problems beside the fields. */
  onFailure?: (error: unknown) => void;
  /**
   * Stays busy after a success: the screen is about to give way (signed in, the wizard's next
   * step, a dialog closing), and its buttons must not be pressed twice meanwhile.
   */
  holdAfterSuccess?: boolean;
}

/**
 * The busy state of a button's work (save, sign in, back up), the pair of `useLoad` for writes:
 * `busy` turns the buttons off while the call is under way and back on however it ends.
 *
 *   const save = useAction(async () => { await api.call('settings.saveSecurity', input); setSaved(true); },
 *     { onFailure: (error) => setFailure(error) });
 *   <button disabled={save.busy} onClick={() => void save.run()}>
 *
 * `run` is made afresh with each render and calls the work and `onFailure` of the render it came
 * from, as a handler written inline would: a failure is shown against the draft that was saved,
 * not one typed after.
 */
export function useAction<A extends unknown[]>(
  work: (...args: A) => Promise<unknown>,
  { onFailure, holdAfterSuccess = false }: ActionOptions = {},
): Action<A> {
  const [busy, setBusy] = useState(false);
  async function run(...args: A): Promise<void> {
    setBusy(true);
    try {
      await work(...args);
      if (!holdAfterSuccess) setBusy(false);
    } catch (error) {
      setBusy(false);
      if (!onFailure) throw error;
      onFailure(error);
    }
  }
  return { busy, run };
}
