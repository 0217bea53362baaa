import { useCallback, useEffect, useRef, useState } from 'react';
import type { ClientSummary } from '../../../shared/client';
import { api } from '../api';

/** Results as you type, a page at a time (never the whole registry). */
export const PAGE_SIZE = 25;
const DEBOUNCE_MS = 150;

export interface ClientSearch {
  items: ClientSummary[];
  hasMore: boolean;
  /** How many clients match the answered query in all (null before the first answer). */
  total: number | null;
  loading: boolean;
  error: unknown;
  /** The query the items answer (the box may be ahead of it while typing). */
  answered: string | null;
  showMore: () => void;
}

export function useClientSearch(query: string): ClientSearch {
  const [state, setState] = useState<Omit<ClientSearch, 'showMore'>>({
    items: [],
    hasMore: false,
    total: null,
    loading: true,
    error: null,
    answered: null,
  });
  // Only the newest request may write results: a slow answer to "dj" must not replace "djordj".
  const latest = useRef(0);

  const run = useCallback(async (q: string, offset: number) => {
    const request = ++latest.current;
    setState((s) => ({ ...s, loading: true, error: null }));
    try {
      const page = await api.call('clients.search', { query: q, limit: PAGE_SIZE, offset });
      if (request !== latest.current) return;
      setState((s) => ({
        items: offset === 0 ? page.items : [...s.items, ...page.items],
        hasMore: page.hasMore,
        total: page.total,
        loading: false,
        error: null,
        answered: q,
      }));
    } catch (error) {
      if (request !== latest.current) return;
      setState((s) => ({ ...s, loading: false, error }));
    }
  }, []);

  useEffect(() => {
    const timer = window.setTimeout(() => void run(query.trim(), 0), DEBOUNCE_MS);
    return () => window.clearTimeout(timer);
  }, [query, run]);

  const { answered, items } = state;
  const showMore = useCallback(() => {
    if (answered !== null) void run(answered, items.length);
  }, [answered, items.length, run]);

  return { ...state, showMore };
}
