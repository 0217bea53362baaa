import { useEffect, type RefObject } from 'react';
import { HOME_PATH, navigate, pathFromHash } from './router';

/**
 * The search box is always one key away: `/` (when not typing somewhere) or Ctrl+K (anywhere)
 * focuses it, going to the clients list first when another page is open.
 */
const FOCUS_SEARCH = 'msc-desk:focus-search';

function isTypingIn(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

export function isSearchShortcut(event: KeyboardEvent): boolean {
  if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'k') return true;
  return event.key === '/' && !event.ctrlKey && !event.metaKey && !event.altKey && !isTypingIn(event.target);
}

export function useGlobalShortcuts(): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (!isSearchShortcut(event)) return;
      event.preventDefault();
      if (pathFromHash(window.location.hash) === HOME_PATH) window.dispatchEvent(new Event(FOCUS_SEARCH));
      else navigate(HOME_PATH); // the list focuses its search box when it opens
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}

/** Focuses `input` when it mounts and whenever the search shortcut is pressed on its page. */
export function useSearchFocus(input: RefObject<HTMLInputElement | null>): void {
  useEffect(() => {
    const focus = () => {
      input.current?.focus();
      input.current?.select();
    };
    focus();
    window.addEventListener(FOCUS_SEARCH, focus);
    return () => window.removeEventListener(FOCUS_SEARCH, focus);
  }, [input]);
}
