import { useCallback, useEffect, useEffectEvent, useRef, useState } from 'react';
import { noteReads, onInvalidate, touches, type Area } from './invalidation';

export interface Loaded<T> {
  data: T | null;
  error: unknown;
  /** True until the answer for the current `key` (or the last `reload`) has come. */
  loading: boolean;
  /** Loads again (after a change elsewhere on the page). */
  reload: () => void;
}

export interface LoadOptions {
  /**
   * `false`: load once per key and leave it (a form's starting values, a list of choices), not
   * again after writes elsewhere, which would pull the ground from under what is being typed.
   */
  live?: boolean;
}

/**
 * Loads data for a view, again whenever `key` changes, `reload` is called, or a write anywhere in
 * the app changes what the load read (ui/invalidation.ts). An answer that arrives after a newer
 * request was made is dropped, so a slow response never wins. The data of the previous key stays
 * visible while the next loads (no flicker between days or months).
 */
export function useLoad<T>(
  load: () => Promise<T>,
  key: string,
  { live = true }: LoadOptions = {},
): Loaded<T> {
  const [generation, setGeneration] = useState(0);
  const request = `${key}#${generation}`;
  const [state, setState] = useState<{ for: string | null; data: T | null; error: unknown }>({
    for: null,
    data: null,
    error: null,
  });
  const run = useEffectEvent(load);
  const read = useRef<Set<Area>>(new Set());
  const reload = useCallback(() => setGeneration((g) => g + 1), []);

  useEffect(() => {
    let current = true;
    const { result, areas } = noteReads(run);
    read.current = areas;
    result.then(
      (data) => current && setState({ for: request, data, error: null }),
      (error: unknown) => current && setState((s) => ({ for: request, data: s.data, error })),
    );
    return () => {
      current = false;
    };
  }, [request]);

  useEffect(
    () => (live ? onInvalidate((written) => touches(read.current, written) && reload()) : undefined),
    [live, reload],
  );

  return { data: state.data, error: state.error, loading: state.for !== request, reload };
}
