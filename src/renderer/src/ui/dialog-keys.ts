import { useEffect } from 'react';

/**
 * The keyboard rules of every modal dialog in the app, in one place, so no dialog has to get
 * them right by itself:
 *
 * - Focus is where the next action is. A dialog starts on its primary action (the first enabled
 *   `.button-primary`) once that can be used, unless the person already moved elsewhere; when
 *   the focused control goes away (a step changes, a fixed problem leaves the list) the focus
 *   goes to the primary action again, or to the first field when the primary cannot be used yet
 *   (a problem to fix). It never drops to the page behind the dialog.
 * - Enter in a field does the primary action, as a form would; in a field with its own button
 *   beside it (`.field--action`, e.g. "save to the record" in the packet check) Enter presses
 *   that button. A real `<form>` in a dialog handles Enter itself; a textarea keeps Enter.
 * - A destructive question (ConfirmDialog with `danger`) has no primary action and keeps its
 *   focus on Cancel.
 */

const PRIMARY = '.button-primary:not(:disabled)';
const FIELD =
  'input:not([type="hidden"]):not([type="button"]):not([type="submit"]):not(:disabled), select:not(:disabled), textarea:not(:disabled)';

/** Dialogs in which the person has moved the focus themselves (Tab or a click). */
const movedByPerson = new WeakSet<HTMLDialogElement>();

function openDialog(): HTMLDialogElement | null {
  const open = [...document.querySelectorAll<HTMLDialogElement>('dialog[open]')];
  return open[open.length - 1] ?? null;
}

function visible(element: HTMLElement): boolean {
  return element.getClientRects().length > 0;
}

function firstVisible(dialog: HTMLElement, selector: string): HTMLElement | null {
  return [...dialog.querySelectorAll<HTMLElement>(selector)].find(visible) ?? null;
}

function placeFocus(dialog: HTMLDialogElement): void {
  const active = document.activeElement;
  const inside = active instanceof HTMLElement && active !== dialog && dialog.contains(active);
  const primary = firstVisible(dialog, PRIMARY);
  if (!inside) {
    (primary ?? firstVisible(dialog, FIELD))?.focus();
    return;
  }
  // The browser put the focus on the first button (often Cancel) while the dialog was loading.
  const onSecondaryAction = active.closest('.dialog-actions') !== null && !active.matches(PRIMARY);
  if (movedByPerson.has(dialog) || !onSecondaryAction) return;
  // A primary that cannot be used yet (a problem to fix first) sends the focus to the first field.
  const waiting = firstVisible(dialog, '.button-primary:disabled') !== null;
  (primary ?? (waiting ? firstVisible(dialog, FIELD) : null))?.focus();
}

function isTextLike(target: EventTarget | null): target is HTMLInputElement | HTMLSelectElement {
  if (target instanceof HTMLSelectElement) return true;
  return (
    target instanceof HTMLInputElement &&
    !['button', 'submit', 'reset', 'file', 'image'].includes(target.type)
  );
}

function onKeyDown(event: KeyboardEvent): void {
  const dialog = openDialog();
  if (!dialog || !(event.target instanceof Node) || !dialog.contains(event.target)) return;
  if (event.key === 'Tab') movedByPerson.add(dialog);
  if (event.key !== 'Enter' || event.defaultPrevented || event.isComposing) return;
  if (event.ctrlKey || event.altKey || event.metaKey || event.shiftKey) return;
  const target = event.target;
  if (!isTextLike(target) || target.form) return;
  const own = target.closest('.field--action')?.querySelector<HTMLButtonElement>('button:not(:disabled)');
  const action = own ?? firstVisible(dialog, PRIMARY);
  if (!action) return;
  event.preventDefault();
  action.click();
}

function onPointerDown(event: PointerEvent): void {
  const dialog = openDialog();
  if (dialog && event.target instanceof Node && dialog.contains(event.target)) movedByPerson.add(dialog);
}

/** What had the focus when each dialog opened, to give it back when the dialog goes. */
const opened = new Map<HTMLDialogElement, HTMLElement | null>();
/** The last control focused outside any dialog. */
let lastOutside: HTMLElement | null = null;

function onFocusIn(event: FocusEvent): void {
  if (event.target instanceof HTMLElement && !event.target.closest('dialog')) lastOutside = event.target;
}

function restoreFocus(): void {
  for (const [dialog, opener] of opened) {
    if (dialog.isConnected && dialog.open) continue;
    opened.delete(dialog);
    const lost = document.activeElement === null || document.activeElement === document.body;
    if (lost && opener?.isConnected) opener.focus();
  }
}

/** Installs the rules for the whole window (once, in the app shell). */
export function useDialogKeyboard(): void {
  useEffect(() => {
    let queued = false;
    const observer = new MutationObserver(() => {
      if (queued) return;
      queued = true;
      // After React has finished the render that changed the dialog.
      queueMicrotask(() => {
        queued = false;
        const dialog = openDialog();
        if (dialog && !opened.has(dialog)) opened.set(dialog, lastOutside);
        if (dialog) placeFocus(dialog);
        else restoreFocus();
      });
    });
    observer.observe(document.body, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ['open', 'disabled'],
    });
    // Capture: a dialog stops its keys from reaching the page behind it.
    document.addEventListener('keydown', onKeyDown, true);
    document.addEventListener('pointerdown', onPointerDown, true);
    document.addEventListener('focusin', onFocusIn, true);
    return () => {
      document.removeEventListener('focusin', onFocusIn, true);
      observer.disconnect();
      document.removeEventListener('keydown', onKeyDown, true);
      document.removeEventListener('pointerdown', onPointerDown, true);
    };
  }, []);
}
