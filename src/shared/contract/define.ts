import type { z } from 'zod';

/** One call of the contract: what it takes and what it gives back. */
export interface CallSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
  /** One line for people reading the contract, the CLI help and the logs. */
  summary: string;
}

/** Keeps each area's literal method names and schemas while checking the shape. */
export function defineCalls<const T extends Record<string, CallSpec>>(calls: T): T {
  return calls;
}
