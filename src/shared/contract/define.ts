import type { z } from 'zod';
import { findUnsafeValue, MAX_INPUT_DEPTH, UNSAFE_TEXT_MESSAGE } from '../text';

/** One call of the contract: what it takes and what it gives back. */
export interface CallSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
  /** One line for people reading the contract, and for the CLI's `COMMAND --help` (its calls). */
  summary: string;
}

/**
 * The shared text rule (src/shared/text.ts) on every string of a call's input, keys of records
 * and free-form `unknown` parts included, so no area's schema can forget it: a NUL or a lone
 * surrogate is refused at the boundary with the field it is in, before any core code sees it.
 */
function withTextRule<I extends z.ZodType>(input: I): I {
  return input.superRefine((value, ctx) => {
    const found = findUnsafeValue(value);
    if (!found) return;
    ctx.addIssue({
      code: 'custom',
      path: found.path,
      message:
        found.kind === 'character'
          ? `${UNSAFE_TEXT_MESSAGE} (${found.character.codePoint} at position ${found.character.index + 1})`
          : `Nested deeper than ${MAX_INPUT_DEPTH} levels`,
    });
  }) as I;
}

/** Keeps each area's literal method names and schemas while checking the shape. */
export function defineCalls<const T extends Record<string, CallSpec>>(calls: T): T {
  const checked: Record<string, CallSpec> = {};
  for (const [method, spec] of Object.entries(calls))
    checked[method] = { ...spec, input: withTextRule(spec.input) };
  return checked as T;
}
