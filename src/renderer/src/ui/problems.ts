import type { z } from 'zod';
import { AppError } from '../../../shared/errors';

/**
 * What went wrong, as a translation key (in the `errors` namespace unless the key names another)
 * with its values, so a message is put into words in the UI's language when it is shown. The core
 * speaks English; its messages are kept as `raw` only for what the UI cannot recognise.
 */
/** A call that never reached the core carries this in `detail.reason` (set by web-bridge.ts). */
export const NETWORK_FAILURE = 'network';

export interface Problem {
  key: string;
  values?: Record<string, string | number>;
  /** The original English text, shown as a tooltip when the key is a generic fallback. */
  raw?: string;
}

/** The messages of the shared schemas (src/shared/client.ts), by pattern. */
const KNOWN_MESSAGES: ReadonlyArray<
  readonly [RegExp, string, (match: RegExpExecArray) => Problem['values']]
> = [
  [/^Required$/, 'errors:field.required', () => undefined],
  [/^At most (\d+) characters$/, 'errors:field.tooLong', (m) => ({ count: Number(m[1]) })],
  [/^Use the form YYYY-MM-DD$/, 'errors:field.dateFormat', () => undefined],
  [/^Not a real date$/, 'errors:field.notARealDate', () => undefined],
  [
    /^Contains a character that cannot be stored \((U\+[0-9A-F]{4}) at position (\d+)\)$/,
    'errors:field.unsafeCharacter',
    (m) => ({ codePoint: m[1] ?? '', position: Number(m[2]) }),
  ],
  [/^A JMBG has 13 digits$/, 'errors:field.jmbgLength', () => undefined],
  [/^Another client has this JMBG$/, 'errors:field.jmbgTaken', () => undefined],
];

export function problemFromMessage(message: string): Problem {
  for (const [pattern, key, values] of KNOWN_MESSAGES) {
    const match = pattern.exec(message);
    if (match) return { key, values: values(match) };
  }
  return { key: 'errors:field.invalid', raw: message };
}

/** A zod issue of the form's own check: an unchosen option says "choose", not "invalid option". */
export function problemFromIssue(issue: z.ZodError['issues'][number]): Problem {
  if (issue.code === 'invalid_value') return { key: 'errors:field.choose' };
  return problemFromMessage(issue.message);
}

/** A failed call as one message for the top of a page. */
export function problemFromError(error: unknown): Problem {
  if (!(error instanceof AppError)) return { key: 'errors:code.INTERNAL', raw: String(error) };
  if (error.code === 'INTERNAL' && error.detail?.reason === NETWORK_FAILURE) {
    return { key: 'errors:network', raw: error.message };
  }
  const reason = error.detail?.reason;
  if (error.code === 'SYNC_LINK' && reason === 'proxy') {
    const proxy = String(error.detail?.proxy ?? '');
    const key = error.detail?.status === 407 ? 'errors:sync.proxySignIn' : 'errors:sync.proxy';
    return { key, values: { proxy }, raw: error.message };
  }
  if (error.code === 'SYNC_LINK' && reason === 'stalled')
    return { key: 'errors:sync.stalled', raw: error.message };
  if (error.code === 'SYNC_REFUSED' && reason === 'certificate')
    return { key: 'errors:sync.certificate', raw: error.message };
  return { key: `errors:code.${error.code}`, raw: error.message };
}

/** Per-field problems the core sent (`client.address.street`), keyed as the form keys them (`address.street`). */
export function fieldProblemsFromError(error: unknown, prefix = 'client.'): Record<string, Problem> {
  if (!(error instanceof AppError) || !error.fields) return {};
  const problems: Record<string, Problem> = {};
  for (const [path, message] of Object.entries(error.fields)) {
    problems[path.startsWith(prefix) ? path.slice(prefix.length) : path] = problemFromMessage(message);
  }
  return problems;
}
