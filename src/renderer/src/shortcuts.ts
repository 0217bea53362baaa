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
  if ((event.ctrlKey || event.metaKey) && !event.altKey && keyIs(event, 'k')) return true;
  return event.key === '/' && !event.ctrlKey && !event.metaKey && !event.altKey && !isTypingIn(event.target);
}

/**
 * A letter by its place on the keyboard as well as by what it types, so the shortcuts work with
 * the Serbian Cyrillic layout (where the N key types "н").
 */
function keyIs(event: KeyboardEvent, letter: string): boolean {
  return event.key.toLowerCase() === letter || event.code === `Key${letter.toUpperCase()}`;
}

function altLetter(event: KeyboardEvent, letter: string): boolean {
  return event.altKey && !event.ctrlKey && !event.metaKey && keyIs(event, letter);
}

/** The shortcuts the UI shows beside the actions they do (sidebar, profile header). */
export const SHORTCUT = { newClient: 'Alt+N', printPacket: 'Alt+P', correctSpelling: 'Alt+I' } as const;
/**
 * What shows a control's shortcut beside its label (styles.css draws `data-shortcut` after it):
 * drawn by CSS, it stays out of the control's text and name, which remain its label alone.
 */
export function shortcutProps(shortcut: string | undefined, label: string) {
  // aria-label: the name stays the label (CSS content would otherwise be read as part of it).
  return shortcut ? { 'data-shortcut': shortcut, 'aria-keyshortcuts': shortcut, 'aria-label': label } : {};
}

/** Alt+N: a new client from anywhere (Ctrl+N is the browser's own and cannot be taken). */
export const isNewClientShortcut = (event: KeyboardEvent) => altLetter(event, 'n');
/** Alt+P: print a packet for the client whose profile is open. */
export const isPrintPacketShortcut = (event: KeyboardEvent) => altLetter(event, 'p');
/** Alt+I: correct the other-script spelling of the names on the client form ("Ispravi"). */
export const isCorrectSpellingShortcut = (event: KeyboardEvent) => altLetter(event, 'i');

export function useGlobalShortcuts(): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (isNewClientShortcut(event)) {
        event.preventDefault();
        navigate('/clients/new');
        return;
      }
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
